/**
 * API tokens: ingest tokens for the receiver, read tokens for the read API, metrics tokens
 * for `/metrics` and the details of `/v1/health`, annotate tokens for `/v1/annotations`
 * only (the dashboard writes annotations with one, so it holds no ClickHouse user that may
 * write). Only a SHA-256 hash is stored (tokens are 192 random bits, so a slow hash adds
 * nothing); the token itself is shown once when created. Each token has a name and, for
 * ingest, the source it speaks for; a read token may carry the role it reads as (none: the
 * dashboard gives it the narrowest) and the sites it may read (none: all).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from '../domain/roles.ts';
import { siteSetSchema, type SiteSet } from '../domain/sites/site-access.ts';
import { loadConfig } from '../config/environment.ts';
import { dataDir, privateDir } from '../config/paths.ts';

export const TOKEN_SCOPES = ['ingest', 'read', 'metrics', 'annotate'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const entrySchema = z.object({
  name: z.string().min(1).max(64),
  scope: z.enum(TOKEN_SCOPES),
  source: z.string().min(1).max(64),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  /** Only on read tokens; files written before roles have none. */
  role: z.enum(ROLES).optional(),
  /** Only on read tokens; none (files written before sites): all sites. */
  sites: siteSetSchema.optional(),
});
const fileSchema = z.object({ tokens: z.array(entrySchema) });

export type TokenEntry = z.infer<typeof entrySchema>;

export function tokenFile(): string {
  return loadConfig().tokenFile;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function readTokens(file = tokenFile()): TokenEntry[] {
  if (!existsSync(file)) return [];
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`token file ${file} is damaged: ${parsed.error.issues[0]?.message}`);
  return parsed.data.tokens;
}

function writeTokens(tokens: TokenEntry[], file: string): void {
  // The data folder is ours to lock; another folder the file was put in may be shared.
  if (dirname(file) === dataDir()) privateDir(dataDir());
  else mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify({ tokens }, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

const PREFIX: Record<TokenScope, string> = {
  ingest: 'lbi',
  read: 'lbr',
  metrics: 'lbm',
  annotate: 'lba',
};

/** Creates a token and returns it in clear text, the only time it exists so. */
export function addToken(
  opts: { name: string; scope: TokenScope; source?: string; role?: Role; sites?: SiteSet },
  file = tokenFile(),
): string {
  if (opts.role !== undefined && opts.scope !== 'read')
    throw new Error(`only read tokens carry a role, not ${opts.scope} tokens`);
  if (opts.sites !== undefined && opts.scope !== 'read')
    throw new Error(`only read tokens carry sites, not ${opts.scope} tokens`);
  const tokens = readTokens(file);
  if (tokens.some((t) => t.name === opts.name && t.scope === opts.scope)) {
    throw new Error(`a ${opts.scope} token named "${opts.name}" exists already`);
  }
  const token = `${PREFIX[opts.scope]}_${randomBytes(24).toString('base64url')}`;
  tokens.push({
    name: opts.name,
    scope: opts.scope,
    source: opts.source ?? opts.name,
    hash: hashToken(token),
    createdAt: new Date().toISOString(),
    ...(opts.role !== undefined ? { role: opts.role } : {}),
    ...(opts.sites !== undefined && opts.sites !== 'all' ? { sites: [...opts.sites] } : {}),
  });
  writeTokens(tokens, file);
  return token;
}

export function removeToken(name: string, scope: TokenScope, file = tokenFile()): boolean {
  const tokens = readTokens(file);
  const kept = tokens.filter((t) => !(t.name === name && t.scope === scope));
  if (kept.length === tokens.length) return false;
  writeTokens(kept, file);
  return true;
}

/** The entry a presented bearer token belongs to (of one of `scope`), compared in constant time. */
export function verifyToken(
  presented: string,
  scope: TokenScope | readonly TokenScope[],
  tokens: readonly TokenEntry[],
): TokenEntry | undefined {
  const scopes: readonly TokenScope[] = typeof scope === 'string' ? [scope] : scope;
  const hash = Buffer.from(hashToken(presented), 'hex');
  return tokens.find(
    (t) => scopes.includes(t.scope) && timingSafeEqual(Buffer.from(t.hash, 'hex'), hash),
  );
}

/** The tokens of `file`, re-read when the file changes, so `lagebild token add` needs no restart. */
export function cachedTokens(file: string): () => readonly TokenEntry[] {
  let mtime = -1;
  let tokens: TokenEntry[] = [];
  return () => {
    let m = 0;
    try {
      m = statSync(file).mtimeMs;
    } catch {
      m = 0;
    }
    if (m !== mtime) {
      tokens = m === 0 ? [] : readTokens(file);
      mtime = m;
    }
    return tokens;
  };
}
