/**
 * Column-oriented rows for bulk loading (`INSERT … SELECT … FROM unnest($1::type[], …)`).
 * Timestamps are held as epoch milliseconds and converted in SQL (`to_timestamp`), which is cheaper
 * than formatting millions of ISO strings in JavaScript.
 */

/** PostgreSQL type of a column as sent to `unnest` (`timestamptz` travels as float8 epoch ms). */
export type BulkType = 'int8' | 'int4' | 'text' | 'bool' | 'timestamptz' | 'date' | 'numeric' | 'jsonb';

export interface BulkColumn {
  readonly name: string;
  readonly type: BulkType;
}

export class BulkTable {
  readonly columns: readonly BulkColumn[];
  readonly data: unknown[][];
  /** Insert rows in this order (indices into the columns); identity order otherwise. */
  order: Uint32Array | null = null;
  length = 0;

  /**
   * @param name - table name
   * @param columns - `[name, type]` pairs in insert order
   * @param identityId - the first column is a `generated always as identity` id given explicitly
   *   (inserted with `OVERRIDING SYSTEM VALUE`; the loader moves the sequence past it afterwards)
   */
  constructor(readonly name: string, columns: readonly (readonly [string, BulkType])[], readonly identityId: boolean) {
    this.columns = columns.map(([n, type]) => ({ name: n, type }));
    this.data = columns.map(() => []);
  }

  push(...values: unknown[]): void {
    if (values.length !== this.data.length) throw new Error(`${this.name}: ${values.length} values for ${this.data.length} columns`);
    for (let i = 0; i < values.length; i++) this.data[i].push(values[i]);
    this.length++;
  }

  column(name: string): unknown[] {
    const i = this.columns.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`${this.name}: no column ${name}`);
    return this.data[i];
  }
}
