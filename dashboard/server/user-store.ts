/**
 * Dashboard users: name, role and an scrypt hash of the password, in `.data/users.json`
 * (LAGEBILD_USERS_FILE). Failed logins are counted per user; after five in a row the account
 * is locked for 15 minutes. Shared by the dashboard server and `lagebild user add`.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { dataDir } from '../../warehouse/paths.ts';
import { ROLES, type Role } from '../../domain/roles.ts';

export { ROLES, ROLE_LABELS, type Role } from '../../domain/roles.ts';

const userSchema = z.object({
  name: z.string().regex(/^[a-z0-9._-]{2,40}$/),
  role: z.enum(ROLES),
  hash: z.string(),
  salt: z.string(),
  createdAt: z.string(),
  failedLogins: z.number().int().nonnegative().default(0),
  lockedUntil: z.number().nullable().default(null),
});
export type User = z.infer<typeof userSchema>;

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };

export function usersFile(): string {
  return process.env.LAGEBILD_USERS_FILE ?? join(dataDir(), 'users.json');
}

export function readUsers(file = usersFile()): User[] {
  if (!existsSync(file)) return [];
  return z.object({ users: z.array(userSchema) }).parse(JSON.parse(readFileSync(file, 'utf8')))
    .users;
}

function writeUsers(users: User[], file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify({ users }, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function hashPassword(password: string, salt: string): string {
  return scryptSync(password, Buffer.from(salt, 'base64'), SCRYPT.keylen, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
  }).toString('base64');
}

export function validateName(name: string): string | null {
  return /^[a-z0-9._-]{2,40}$/.test(name)
    ? null
    : 'Benutzername: 2–40 Zeichen aus a–z, 0–9, ".", "_" oder "-"';
}

export function validatePassword(password: string): string | null {
  return password.length >= 12 ? null : 'Passwort: mindestens 12 Zeichen';
}

export function addUser(name: string, role: Role, password: string, file = usersFile()): void {
  const problem = validateName(name) ?? validatePassword(password);
  if (problem) throw new Error(problem);
  const users = readUsers(file);
  if (users.some((u) => u.name === name)) throw new Error(`Benutzer "${name}" gibt es schon`);
  const salt = randomBytes(16).toString('base64');
  users.push({
    name,
    role,
    salt,
    hash: hashPassword(password, salt),
    createdAt: new Date().toISOString(),
    failedLogins: 0,
    lockedUntil: null,
  });
  writeUsers(users, file);
}

export function removeUser(name: string, file = usersFile()): boolean {
  const users = readUsers(file);
  const kept = users.filter((u) => u.name !== name);
  if (kept.length === users.length) return false;
  writeUsers(kept, file);
  return true;
}

export function setRole(name: string, role: Role, file = usersFile()): boolean {
  const users = readUsers(file);
  const user = users.find((u) => u.name === name);
  if (!user) return false;
  user.role = role;
  writeUsers(users, file);
  return true;
}

export type LoginResult =
  { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: number };

/** Checks a password; counts failures and locks the account after too many. */
export function verifyLogin(
  name: string,
  password: string,
  now = Date.now(),
  file = usersFile(),
): LoginResult {
  const users = readUsers(file);
  const user = users.find((u) => u.name === name);
  if (!user) {
    // Same work as for a real user, so timing does not tell which names exist.
    hashPassword(password, randomBytes(16).toString('base64'));
    return { ok: false, reason: 'invalid' };
  }
  if (user.lockedUntil && user.lockedUntil > now)
    return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil };
  const ok = timingSafeEqual(
    Buffer.from(hashPassword(password, user.salt), 'base64'),
    Buffer.from(user.hash, 'base64'),
  );
  if (ok) {
    user.failedLogins = 0;
    user.lockedUntil = null;
  } else {
    user.failedLogins++;
    if (user.failedLogins >= MAX_FAILED_LOGINS) {
      user.lockedUntil = now + LOCK_MS;
      user.failedLogins = 0;
    }
  }
  writeUsers(users, file);
  if (ok) return { ok: true, user };
  return user.lockedUntil && user.lockedUntil > now
    ? { ok: false, reason: 'locked', lockedUntil: user.lockedUntil }
    : { ok: false, reason: 'invalid' };
}

export function initialCredentialsFile(file = usersFile()): string {
  return join(dirname(file), 'initial-credentials.txt');
}

/**
 * On the very first start: an admin with a random password, printed once and written to
 * `.data/initial-credentials.txt` (mode 0600) for whoever set the system up.
 */
export function ensureInitialAdmin(
  log: (msg: string) => void = console.log,
  file = usersFile(),
): void {
  if (readUsers(file).length > 0) return;
  const password = randomBytes(12).toString('base64url');
  addUser('admin', 'admin', password, file);
  const credentials = initialCredentialsFile(file);
  writeFileSync(credentials, `Benutzer: admin\nPasswort: ${password}\n`, { mode: 0o600 });
  chmodSync(credentials, 0o600);
  log(`Erster Start: Benutzer "admin" mit Passwort ${password} angelegt (auch in ${credentials}).`);
}
