/**
 * A PostgreSQL wire-protocol server over ONE in-memory PGlite session that is safe for a `pg` Pool.
 *
 * Why not `PGLiteSocketServer` from `@electric-sql/pglite-socket` 0.2.17 (what `pglite-server -m N` runs)?
 * It accepts `maxConnections` clients and queues their messages onto the single PGlite session, but it
 * interleaves at the level of single protocol messages. Outside an explicit transaction, the Parse of one
 * connection can run between the Parse and the Bind of another whenever a client's messages arrive in more
 * than one TCP chunk (large parameters: bulk inserts, documents). The second Parse replaces the shared unnamed
 * statement and the first query then runs the wrong SQL. Measured here: 2 wrong results out of 200 concurrent
 * queries with a 300 kB parameter through a Pool of 5 (none with small parameters). It also drops the
 * connection after the N-th instead of queueing it.
 *
 * This server gives a connection exclusive use of the session from its first message until PGlite answers
 * ReadyForQuery with status `I` (idle, no transaction). So a whole extended-protocol cycle (Parse … Sync), a
 * whole transaction (BEGIN … COMMIT), and a COPY run without interleaving; other connections wait in FIFO
 * order. The number of client connections is not limited.
 *
 * Still true with one shared session (same as pglite-server): session state is shared by all connections:
 * `SET` (without LOCAL), named prepared statements (`pg` queries with `name:`), temp tables, LISTEN. A query on
 * a second connection while the first holds a transaction waits for that transaction, so application code
 * that queries the outer pool from inside a transaction deadlocks here (a warning is printed after 10 s).
 */
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S'

/** Simple-query message ('Q'). */
function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** Follows the backend message framing across output chunks and remembers the last ReadyForQuery status. */
class BackendTracker {
  private header = Buffer.alloc(5);
  private headerBytes = 0;
  private remaining = 0;
  private type = 0;
  /** Status byte of the last complete message if it was ReadyForQuery, else null. */
  lastReady: number | null = null;

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.headerBytes < 5) {
        const n = Math.min(5 - this.headerBytes, chunk.length - i);
        this.header.set(chunk.subarray(i, i + n), this.headerBytes);
        this.headerBytes += n;
        i += n;
        if (this.headerBytes === 5) {
          this.type = this.header[0];
          this.remaining = this.header.readInt32BE(1) - 4;
          this.lastReady = null;
          if (this.remaining <= 0) this.headerBytes = 0;
        }
      } else {
        const n = Math.min(this.remaining, chunk.length - i);
        if (this.type === READY_FOR_QUERY && n > 0) this.lastReady = chunk[i];
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.headerBytes = 0;
      }
    }
  }
}

interface Connection {
  id: number;
  socket: net.Socket;
  buffer: Buffer;
  started: boolean;
  closed: boolean;
  /** Serialises this connection's messages. */
  chain: Promise<void>;
  tracker: BackendTracker;
}

export interface PGliteSessionServerStats {
  connections: number;
  waiting: number;
  owner: number | null;
}

export class PGliteSessionServer {
  readonly db: PGlite;
  private server: net.Server | null = null;
  private connections = new Set<Connection>();
  private owner: Connection | null = null;
  private waiters: Array<{ connection: Connection; grant: () => void }> = [];
  private nextId = 1;
  private port = 0;
  private host: string;

  constructor(options: { db: PGlite; host?: string }) {
    this.db = options.db;
    this.host = options.host ?? '127.0.0.1';
  }

  /** Listens on `port` (0 = a free port chosen by the OS) and resolves with the bound port. */
  async start(port = 0): Promise<number> {
    await this.db.waitReady;
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this.port;
  }

  /** postgres://postgres@HOST:PORT/postgres (PGlite accepts any user and password). */
  get url(): string {
    return `postgres://postgres@${this.host}:${this.port}/postgres`;
  }

  stats(): PGliteSessionServerStats {
    return { connections: this.connections.size, waiting: this.waiters.length, owner: this.owner?.id ?? null };
  }

  /** Stops listening and drops every client connection. Does not close the PGlite instance. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const connection of this.connections) connection.socket.destroy();
    await Promise.allSettled([...this.connections].map((c) => c.chain));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const connection: Connection = {
      id: this.nextId++,
      socket,
      buffer: Buffer.alloc(0),
      started: false,
      closed: false,
      chain: Promise.resolve(),
      tracker: new BackendTracker(),
    };
    this.connections.add(connection);
    socket.on('data', (data) => this.receive(connection, data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connection.closed = true;
      this.connections.delete(connection);
      this.waiters = this.waiters.filter((w) => w.connection !== connection);
      connection.chain = connection.chain.then(() => this.cleanUp(connection));
    });
  }

  private receive(connection: Connection, data: Buffer): void {
    connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, data]) : data;
    for (;;) {
      const buffer = connection.buffer;
      let length: number;
      if (!connection.started) {
        if (buffer.length < 8) return;
        length = buffer.readInt32BE(0);
      } else {
        if (buffer.length < 5) return;
        length = 1 + buffer.readInt32BE(1);
      }
      if (buffer.length < length) return;
      const message = Uint8Array.prototype.slice.call(buffer, 0, length) as Uint8Array;
      connection.buffer = buffer.subarray(length);
      if (!connection.started) {
        const code = Buffer.from(message.buffer, message.byteOffset, message.byteLength).readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          connection.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          // PGlite has no backend to signal; the protocol expects no answer.
          connection.socket.end();
          return;
        }
        if (code !== PROTOCOL_3) {
          connection.socket.destroy();
          return;
        }
        connection.started = true;
      } else if (message[0] === TERMINATE) {
        connection.socket.end();
        return;
      }
      connection.chain = connection.chain.then(() => this.execute(connection, message));
    }
  }

  private async execute(connection: Connection, message: Uint8Array): Promise<void> {
    if (connection.closed) return;
    await this.acquire(connection);
    if (connection.closed) return; // cleanUp (queued after us) releases the session
    connection.tracker.lastReady = null;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data: Uint8Array) => {
            connection.tracker.feed(data);
            if (!connection.closed && connection.socket.writable) connection.socket.write(Buffer.from(data));
          },
        }),
      );
    } catch (error) {
      console.error(`[pglite-session-server] connection #${connection.id}: ${String(error)}`);
      connection.socket.destroy();
      return;
    }
    if (connection.tracker.lastReady === IDLE) this.release(connection);
  }

  /** A closed connection gives the session back: finish any open protocol cycle and roll back. */
  private async cleanUp(connection: Connection): Promise<void> {
    if (this.owner !== connection) return;
    try {
      await this.db.runExclusive(async () => {
        const discard = { onRawData: () => {} };
        if (connection.tracker.lastReady === null) await this.db.execProtocolRawStream(SYNC_MESSAGE, discard);
        if (this.db.isInTransaction()) await this.db.execProtocolRawStream(simpleQuery('ROLLBACK'), discard);
      });
    } catch (error) {
      console.error(`[pglite-session-server] cleanup of connection #${connection.id}: ${String(error)}`);
    } finally {
      this.release(connection);
    }
  }

  private acquire(connection: Connection): Promise<void> {
    if (this.owner === null || this.owner === connection) {
      this.owner = connection;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const holder = this.owner;
      const warn = setTimeout(() => {
        console.warn(
          `[pglite-session-server] connection #${connection.id} has waited 10 s for the single PGlite session, ` +
            `held by connection #${holder?.id} (open transaction or unfinished query). If the application queries ` +
            'its pool from inside a transaction, that deadlocks on PGlite.',
        );
      }, 10_000);
      warn.unref();
      this.waiters.push({
        connection,
        grant: () => {
          clearTimeout(warn);
          resolve();
        },
      });
    });
  }

  private release(connection: Connection): void {
    if (this.owner !== connection) return;
    const next = this.waiters.shift();
    this.owner = next ? next.connection : null;
    next?.grant();
  }
}
