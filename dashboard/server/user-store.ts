/**
 * Dashboard users: name, role and an scrypt hash of the password, in `.data/users.json`
 * (LAGEBILD_USERS_FILE). Shared by the dashboard server and `lagebild user add`. A login only
 * reads the file: failed attempts are throttled in memory (login-throttle.ts), not stored.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { loadConfig, type Config } from '../../config/environment.ts';
import { ROLES, type Role } from '../../domain/roles.ts';
import { siteSetSchema, type SiteSet } from '../../domain/sites/site-access.ts';

export { ROLES, ROLE_LABELS, type Role } from '../../domain/roles.ts';

const userSchema = z.object({
  name: z.string().regex(/^[a-z0-9._-]{2,40}$/),
  role: z.enum(ROLES),
  hash: z.string(),
  salt: z.string(),
  createdAt: z.string(),
  /** Files written before sites existed have none: such users see all sites, as before. */
  sites: siteSetSchema.default('all'),
});
// Files written before logins were throttled in memory carry failedLogins/lockedUntil per
// user: zod drops those keys on reading, and the next write leaves them out.
export type User = z.infer<typeof userSchema>;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };
const SCRYPT_OPTIONS: ScryptOptions = { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p };

export function usersFile(config: Config = loadConfig()): string {
  return config.usersFile;
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

/** Synchronous: only for the command line and the first start, never for a login. */
function hashPassword(password: string, salt: string): string {
  return scryptSync(password, Buffer.from(salt, 'base64'), SCRYPT.keylen, SCRYPT_OPTIONS).toString(
    'base64',
  );
}

/**
 * Logins hash on libuv's thread pool, but never on all of it and never on every core: a flood
 * of logins then queues here while the event loop, file reads and ClickHouse keep a core.
 */
const HASH_SLOTS = Math.max(1, Math.min(2, availableParallelism() - 1));
/** Beyond this many waiting logins the answer is "busy" at once rather than seconds later. */
const MAX_WAITING_HASHES = 256;
let hashesRunning = 0;
const waitingHashes: (() => void)[] = [];

async function hashPasswordAsync(password: string, salt: Buffer): Promise<Buffer> {
  if (hashesRunning >= HASH_SLOTS) await new Promise<void>((r) => waitingHashes.push(r));
  else hashesRunning++;
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(password, salt, SCRYPT.keylen, SCRYPT_OPTIONS, (err, key) =>
        err ? reject(err) : resolve(key),
      ),
    );
  } finally {
    // The slot passes straight to the next waiter, so the running count stays as it is.
    const next = waitingHashes.shift();
    if (next) next();
    else hashesRunning--;
  }
}

/** Hash compared against for names that do not exist, so they cost the same as real ones. */
const DUMMY = { salt: randomBytes(16), hash: randomBytes(SCRYPT.keylen) };

export function validateName(name: string): string | null {
  return /^[a-z0-9._-]{2,40}$/.test(name)
    ? null
    : 'Benutzername: 2–40 Zeichen aus a–z, 0–9, ".", "_" oder "-"';
}

export function validatePassword(password: string): string | null {
  return password.length >= 12 ? null : 'Passwort: mindestens 12 Zeichen';
}

export function addUser(
  name: string,
  role: Role,
  password: string,
  file = usersFile(),
  sites: SiteSet = 'all',
): void {
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
    sites: sites === 'all' ? 'all' : [...sites],
  });
  writeUsers(users, file);
}

/** Changes the sites a user sees; their sessions must be ended for it to apply at once. */
export function setSites(name: string, sites: SiteSet, file = usersFile()): boolean {
  const users = readUsers(file);
  const user = users.find((u) => u.name === name);
  if (!user) return false;
  user.sites = sites === 'all' ? 'all' : [...sites];
  writeUsers(users, file);
  return true;
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

export type LoginResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'busy' };

/**
 * Checks a password without blocking the event loop. An unknown name takes the same work and
 * gives the same answer as a wrong password, so neither timing nor answer tells which names
 * exist.
 */
export async function verifyLogin(
  name: string,
  password: string,
  file = usersFile(),
): Promise<LoginResult> {
  if (hashesRunning >= HASH_SLOTS && waitingHashes.length >= MAX_WAITING_HASHES)
    return { ok: false, reason: 'busy' };
  const user = readUsers(file).find((u) => u.name === name);
  const salt = user ? Buffer.from(user.salt, 'base64') : DUMMY.salt;
  const expected = user ? Buffer.from(user.hash, 'base64') : DUMMY.hash;
  const actual = await hashPasswordAsync(password, salt);
  const matches = actual.length === expected.length && timingSafeEqual(actual, expected);
  return user && matches ? { ok: true, user } : { ok: false, reason: 'invalid' };
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
