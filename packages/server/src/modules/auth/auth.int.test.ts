/** Sign-in hardening: argon2id sessions, cookie flags, CSRF, rate limit, security headers, logout [R7]. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness/databases.ts';
import { seedMinimal, TEST_PASSWORD } from '../../../test/fixtures.ts';
import { ApiClient } from '../../../test/api-client.ts';
import type { FastifyInstance } from 'fastify';

describe('authentication and request security [R7][R11]', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    db = await createTestDatabase('pglite');
    await seedMinimal(db.url);
    app = await buildApp({ ...loadConfig({}), databaseUrl: db.url, loginRateLimitPerMinute: 5 }, { logger: false });
  });
  after(async () => { await app?.close(); await db?.close(); });

  it('sets an httpOnly SameSite=Strict session cookie and security headers', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lab', password: TEST_PASSWORD } });
    assert.equal(res.statusCode, 200);
    const cookie = (res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find((c) => c.name === 'rb_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Strict');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-request-id'], 'request id echoed for support');
  });

  it('answers a wrong password with one bilingual message, then rate-limits the address', async () => {
    const attempt = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lab', password: 'wrong' }, remoteAddress: '10.9.9.9' });
    const first = await attempt();
    assert.equal(first.statusCode, 401);
    assert.equal(first.json().detail, '用户名或密码错误 / Wrong username or password');
    const unknownUser = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'x' }, remoteAddress: '10.9.9.8' });
    assert.equal(unknownUser.json().detail, first.json().detail, 'no user enumeration');
    let last = first;
    for (let i = 0; i < 6; i++) last = await attempt();
    assert.equal(last.statusCode, 429);
    assert.equal(last.json().code, 'RATE_LIMITED');
    const other = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lab', password: TEST_PASSWORD }, remoteAddress: '10.9.9.7' });
    assert.equal(other.statusCode, 200, 'other addresses are not locked out');
  });

  it('logout ends the session server-side', async () => {
    const client = await ApiClient.login(app, 'dispatch', TEST_PASSWORD);
    assert.equal((await client.get('/api/auth/me')).status, 200);
    assert.equal((await client.post('/api/auth/logout')).status, 200);
    assert.equal((await client.get('/api/auth/me')).status, 401);
  });

  it('hospital users see only their own organisation', async () => {
    const hospital = await ApiClient.login(app, 'hospital', TEST_PASSWORD);
    const orgs = await hospital.get('/api/orgs');
    assert.deepEqual(new Set(orgs.body.items.map((o: { type: string }) => o.type)), new Set(['station', 'hospital']));
    assert.equal(orgs.body.items.filter((o: { type: string }) => o.type === 'hospital').length, 1);
    assert.equal((await hospital.get('/api/donors')).status, 403, 'no access to the donor registry');
  });
});
