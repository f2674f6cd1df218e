/**
 * The relational schema, one `*.tables.ts` file per feature area (drizzle-kit reads `*.tables.ts`).
 * `schema` collects every table for Drizzle's relational queries.
 */
import * as core from './core.tables.ts';
import * as donorService from './donor-service.tables.ts';
import * as lab from './lab.tables.ts';
import * as logistics from './logistics.tables.ts';
import * as rights from './rights.tables.ts';
import * as supply from './supply.tables.ts';

export * from './core.tables.ts';
export * from './donor-service.tables.ts';
export * from './lab.tables.ts';
export * from './logistics.tables.ts';
export * from './rights.tables.ts';
export * from './supply.tables.ts';

export const schema = { ...core, ...donorService, ...lab, ...logistics, ...rights, ...supply };
