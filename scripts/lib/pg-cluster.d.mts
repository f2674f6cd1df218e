// Types for pg-cluster.mjs (imported from TypeScript test harnesses).

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth). */
  url: string;
  port: number;
  /** Temporary directory holding data, socket and log. */
  dir: string;
  /** Milliseconds spent in initdb + pg_ctl start. */
  startMs: number;
  /** Synchronous: stops the server (immediate mode) and removes the directory. Safe to call twice. */
  stop(): void;
}

export function findPgBin(): string | null;
export function pgUnavailableReason(): string | null;
export function freePort(): Promise<number>;
export function startPgCluster(options?: { maxConnections?: number }): Promise<PgCluster>;
