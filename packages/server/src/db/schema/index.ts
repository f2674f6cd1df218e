/**
 * The relational schema, one `*.tables.ts` file per feature area (drizzle-kit reads `*.tables.ts`).
 * `schema` collects every table for Drizzle's relational queries.
 */
import * as core from './core.tables.ts';
import * as lab from './lab.tables.ts';

export * from './core.tables.ts';
export * from './lab.tables.ts';

export const schema = { ...core, ...lab };
