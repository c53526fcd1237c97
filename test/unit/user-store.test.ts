import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addUser,
  ensureInitialAdmin,
  LOCK_MS,
  MAX_FAILED_LOGINS,
  verifyLogin,
} from '../../dashboard/server/user-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'lagebild-users-'));
const file = join(dir, 'users.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dashboard users', () => {
  it('stores an scrypt hash, never the password', () => {
    addUser('teamleitung', 'team', 'ein-gutes-passwort', file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('ein-gutes-passwort');
    expect(verifyLogin('teamleitung', 'ein-gutes-passwort', Date.now(), file)).toMatchObject({
      ok: true,
    });
    expect(verifyLogin('teamleitung', 'falsch', Date.now(), file)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyLogin('niemand', 'egal', Date.now(), file)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses short passwords and odd names', () => {
    expect(() => addUser('x', 'team', 'ein-gutes-passwort', file)).toThrow(/Benutzername/);
    expect(() => addUser('neu', 'team', 'kurz', file)).toThrow(/12 Zeichen/);
  });

  it(`locks an account after ${MAX_FAILED_LOGINS} failed logins for 15 minutes, even for the right password`, () => {
    addUser('amtsleitung', 'leitung', 'noch-ein-gutes-passwort', file);
    const now = Date.now();
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) verifyLogin('amtsleitung', 'falsch', now, file);
    expect(verifyLogin('amtsleitung', 'noch-ein-gutes-passwort', now + 1000, file)).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    expect(
      verifyLogin('amtsleitung', 'noch-ein-gutes-passwort', now + LOCK_MS + 1000, file),
    ).toMatchObject({ ok: true });
  });

  it('creates the first admin once, with a credentials file only its owner can read', () => {
    const other = join(dir, 'first.json');
    const lines: string[] = [];
    ensureInitialAdmin((m) => lines.push(m), other);
    ensureInitialAdmin((m) => lines.push(m), other);
    expect(lines).toHaveLength(1);
    const creds = join(dir, 'initial-credentials.txt');
    expect(statSync(creds).mode & 0o777).toBe(0o600);
    const password = /Passwort: (\S+)/.exec(readFileSync(creds, 'utf8'))![1]!;
    expect(verifyLogin('admin', password, Date.now(), other)).toMatchObject({ ok: true });
  });
});
