/**
 * Server-side sessions: the cookie holds a random 256-bit token; the database keeps only its SHA-256,
 * so a leaked table cannot be replayed. Sessions live in PostgreSQL so several API servers can share them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appUser, organisation, userSession } from '../../db/schema/index.ts';
import type { SessionUser } from '../../lib/context.ts';
import type { OrgType, Role } from '@redbridge/domain/types';

export const SESSION_COOKIE = 'rb_session';
export const SESSION_HOURS = 12;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Db, userId: number, stationId: number, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(userSession).values({
    tokenHash: hashToken(token), userId, stationId, createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000),
  });
  return token;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(userSession).where(eq(userSession.tokenHash, hashToken(token)));
}

export async function loadSessionUser(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  const rows = await db
    .select({
      id: appUser.id, username: appUser.username, displayName: appUser.displayName, role: appUser.role,
      orgId: appUser.orgId, orgName: organisation.name, orgType: organisation.type, stationId: appUser.stationId,
      active: appUser.active,
    })
    .from(userSession)
    .innerJoin(appUser, eq(appUser.id, userSession.userId))
    .innerJoin(organisation, eq(organisation.id, appUser.orgId))
    .where(and(eq(userSession.tokenHash, hashToken(token)), gt(userSession.expiresAt, now)))
    .limit(1);
  const row = rows[0];
  if (!row || !row.active) return null;
  return { ...row, role: row.role as Role, orgType: row.orgType as OrgType };
}

export async function findUserForLogin(db: Db, username: string) {
  const rows = await db
    .select({
      id: appUser.id, username: appUser.username, displayName: appUser.displayName, role: appUser.role,
      orgId: appUser.orgId, orgName: organisation.name, orgType: organisation.type, stationId: appUser.stationId,
      active: appUser.active, passwordHash: appUser.passwordHash,
    })
    .from(appUser)
    .innerJoin(organisation, eq(organisation.id, appUser.orgId))
    .where(eq(appUser.username, username))
    .limit(1);
  return rows[0] ?? null;
}
