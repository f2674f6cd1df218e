/**
 * ASTM analyser interface over TCP (LIS1-A link layer on a socket; listens on 127.0.0.1 by default).
 * Each connection gets a {@link Lis1Receiver}; good frames are ACKed, bad ones NAKed and logged; a complete
 * message is imported at EOT in one transaction (all results or none). Results are entered as the configured
 * interface user (a `lab` account), so every row and audit entry names who the instrument acted for.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Lis1Receiver, type AstmCharset } from '@redbridge/domain/astm';
import type { OrgType, Role } from '@redbridge/domain/types';
import type { Db } from '../../db/client.ts';
import { appUser, organisation } from '../../db/schema/index.ts';
import type { ActionContext, SessionUser } from '../../lib/context.ts';
import { importAstm, logLinkEvent, type AstmImportOutcome } from './service.ts';

export interface AstmListenerOptions {
  db: Db;
  /** Username of the lab account results are entered as. */
  username: string;
  stationCode: string;
  port?: number;
  host?: string;
  charset?: AstmCharset;
  clock?: () => Date;
  log?: (msg: string, data?: Record<string, unknown>) => void;
}

export interface AstmListener {
  port: number;
  /** Resolves when every message received so far has been imported or logged. */
  idle(): Promise<void>;
  /** Outcomes of imported messages, in order (for monitoring and tests). */
  outcomes: AstmImportOutcome[];
  close(): Promise<void>;
}

async function interfaceUser(db: Db, username: string): Promise<SessionUser> {
  const [u] = await db.select({
    id: appUser.id, username: appUser.username, displayName: appUser.displayName, role: appUser.role, orgId: appUser.orgId,
    orgName: organisation.name, orgType: organisation.type, stationId: appUser.stationId, active: appUser.active,
  }).from(appUser).innerJoin(organisation, eq(organisation.id, appUser.orgId)).where(eq(appUser.username, username));
  if (!u || !u.active) throw new Error(`ASTM interface user '${username}' not found or inactive`);
  if (u.role !== 'lab' && u.role !== 'station_admin') throw new Error(`ASTM interface user '${username}' must have the lab role`);
  return { ...u, role: u.role as Role, orgType: u.orgType as OrgType };
}

/** Starts the listener. @throws when the interface user is missing or not a lab user */
export async function startAstmListener(opts: AstmListenerOptions): Promise<AstmListener> {
  const user = await interfaceUser(opts.db, opts.username);
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? (() => {});
  let chain: Promise<void> = Promise.resolve();
  const outcomes: AstmImportOutcome[] = [];
  const sockets = new Set<net.Socket>();
  const enqueue = (job: () => Promise<void>) => {
    chain = chain.then(job).catch((err) => log('astm job failed', { err: String(err) }));
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const rx = new Lis1Receiver(opts.charset ?? 'utf8');
    socket.on('data', (chunk) => {
      for (const e of rx.feed(chunk)) {
        if (e.type === 'send') socket.write(Buffer.from([e.byte]));
        else if (e.type === 'frame_rejected') {
          log('astm frame rejected (NAK)', { peer, code: e.code });
          const at = clock();
          enqueue(() => logLinkEvent(opts.db, user.stationId, at, peer, 'frame_rejected', `${e.code}: ${e.message}`, e.raw));
        } else if (e.type === 'message_discarded') {
          log('astm message discarded', { peer, reason: e.reason });
          const at = clock();
          enqueue(() => logLinkEvent(opts.db, user.stationId, at, peer, 'discarded', e.reason, '', e.rejectedFrames));
        } else if (e.type === 'message') {
          const ctx: ActionContext = { user, requestId: `astm-${randomUUID()}`, now: clock(), stationCode: opts.stationCode };
          enqueue(async () => {
            const outcome = await importAstm(opts.db, ctx, e.text, 'tcp', peer, { frames: e.frames, rejectedFrames: e.rejectedFrames });
            outcomes.push(outcome);
            log('astm message', { peer, status: outcome.status, results: outcome.resultCount, error: outcome.error });
          });
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    outcomes,
    idle: () => chain,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await chain;
    },
  };
}
