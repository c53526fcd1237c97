import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addUser,
  ensureInitialAdmin,
  readUsers,
  verifyLogin,
} from '../../dashboard/server/user-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'lagebild-users-'));
const file = join(dir, 'users.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dashboard users', () => {
  it('stores an scrypt hash, never the password', async () => {
    addUser('teamleitung', 'team', 'ein-gutes-passwort', file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('ein-gutes-passwort');
    expect(await verifyLogin('teamleitung', 'ein-gutes-passwort', file)).toMatchObject({
      ok: true,
      user: { name: 'teamleitung', role: 'team' },
    });
    expect(await verifyLogin('teamleitung', 'falsch', file)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifyLogin('niemand', 'egal', file)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('never writes the users file on a login, right or wrong', async () => {
    addUser('planung', 'planung', 'ein-planungs-passwort', file);
    const before = readFileSync(file, 'utf8');
    const mtime = statSync(file).mtimeMs;
    for (let i = 0; i < 6; i++) await verifyLogin('planung', 'falsch', file);
    await verifyLogin('planung', 'ein-planungs-passwort', file);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(await verifyLogin('planung', 'ein-planungs-passwort', file)).toMatchObject({ ok: true });
  });

  it('hashes off the event loop: timers keep firing while logins are checked', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => verifyLogin(i % 2 ? 'teamleitung' : 'x', 'falsch', file)),
    );
    clearInterval(timer);
    // A synchronous scrypt would have let no timer run until all eight were done.
    expect(ticks).toBeGreaterThan((Date.now() - started) / 5 / 3);
  });

  it('reads files written with the old lockout fields and drops them on the next write', async () => {
    const old = join(dir, 'old.json');
    addUser('amtsleitung', 'leitung', 'noch-ein-gutes-passwort', old);
    const { users } = JSON.parse(readFileSync(old, 'utf8')) as { users: object[] };
    const locked = { ...users[0], failedLogins: 3, lockedUntil: Date.now() + 60_000 };
    writeFileSync(old, JSON.stringify({ users: [locked] }));
    expect(readUsers(old).map((u) => u.name)).toEqual(['amtsleitung']);
    // The old lock no longer holds anyone out; throttling lives in memory now.
    expect(await verifyLogin('amtsleitung', 'noch-ein-gutes-passwort', old)).toMatchObject({
      ok: true,
    });
    addUser('zweiter', 'team', 'ein-zweites-passwort', old);
    expect(readFileSync(old, 'utf8')).not.toMatch(/failedLogins|lockedUntil/);
  });

  it('refuses short passwords and odd names', () => {
    expect(() => addUser('x', 'team', 'ein-gutes-passwort', file)).toThrow(/Benutzername/);
    expect(() => addUser('neu', 'team', 'kurz', file)).toThrow(/12 Zeichen/);
  });

  it('creates the first admin once, with a credentials file only its owner can read', async () => {
    const other = join(dir, 'first.json');
    const lines: string[] = [];
    ensureInitialAdmin((m) => lines.push(m), other);
    ensureInitialAdmin((m) => lines.push(m), other);
    expect(lines).toHaveLength(1);
    const creds = join(dir, 'initial-credentials.txt');
    expect(statSync(creds).mode & 0o777).toBe(0o600);
    const password = /Passwort: (\S+)/.exec(readFileSync(creds, 'utf8'))![1]!;
    expect(await verifyLogin('admin', password, other)).toMatchObject({ ok: true });
  });
});
