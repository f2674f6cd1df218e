import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashConcurrency, hashPassword, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('Test@2026');
    assert.match(h, /^\$argon2id\$/);
    assert.equal(await verifyPassword(h, 'Test@2026'), true);
    assert.equal(await verifyPassword(h, 'test@2026'), false);
    assert.equal(await verifyPassword('not a hash', 'Test@2026'), false);
  });
  it('reads RB_PASSWORD_HASH_CONCURRENCY as a whole number ≥ 1 and refuses anything else by name', () => {
    assert.equal(hashConcurrency(undefined), 2);
    assert.equal(hashConcurrency(''), 2);
    assert.equal(hashConcurrency('4'), 4);
    for (const bad of ['0', '-1', '1.5', 'two']) assert.throws(() => hashConcurrency(bad), /RB_PASSWORD_HASH_CONCURRENCY must be a whole number ≥ 1/);
  });
});
