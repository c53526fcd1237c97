/**
 * The alert rules, from a JSON file (`LAGEBILD_ALERTS_FILE`): `{ "rules": [ … ] }`, each with
 * a German `name` (the subject of its mails) and a `kind`. A missing file means no alerts; a
 * wrong one stops the ingest service with the rule and field named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const name = z.string().trim().min(1).max(120);
const site = z.string().min(1).max(64).optional();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'ist keine Uhrzeit (HH:MM)');

export const ruleSchema = z.discriminatedUnion('kind', [
  /** 115 service level below target for `halfHours` half hours in a row, today. */
  z
    .object({
      kind: z.literal('service-level'),
      name,
      halfHours: z.int().min(1).max(48),
      /** Default: LAGEBILD_TARGET_SERVICE_LEVEL. */
      target: z.number().min(0).max(1).optional(),
      site,
    })
    .strict(),
  /** Wait p90 of the visits called in the last hour over `limitMinutes`. */
  z
    .object({ kind: z.literal('wait-p90'), name, limitMinutes: z.number().positive(), site })
    .strict(),
  /** Open email threads over `limit`. */
  z.object({ kind: z.literal('email-backlog'), name, limit: z.int().min(0), site }).strict(),
  /**
   * No delivery from `source` for `minutes`, counted only within opening hours of working
   * days (outside them silence is normal, and the alert keeps its state until they return).
   */
  z
    .object({
      kind: z.literal('silent-source'),
      name,
      source: z.string().min(1).max(64),
      minutes: z.int().min(1),
      opensAt: clock.default('07:30'),
      closesAt: clock.default('18:00'),
    })
    .strict(),
  /** The ingest spool holds more than `share` of its bound (LAGEBILD_SPOOL_MAX_BYTES). */
  z.object({ kind: z.literal('spool-full'), name, share: z.number().gt(0).max(1) }).strict(),
  /** Spool segments ClickHouse refused for good (`spool/dead/`). */
  z.object({ kind: z.literal('dead-segments'), name }).strict(),
]);
export type AlertRule = z.infer<typeof ruleSchema>;

const fileSchema = z
  .object({ rules: z.array(ruleSchema) })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.rules.forEach((r, i) => {
      if (seen.has(r.name))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: 'kommt doppelt vor' });
      seen.add(r.name);
    });
  });

export class AlertRulesError extends Error {}

function german(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return 'fehlt oder hat den falschen Typ';
    case 'too_small':
      return `ist zu klein (mindestens ${String(issue.minimum)})`;
    case 'too_big':
      return `ist zu groß (höchstens ${String(issue.maximum)})`;
    case 'invalid_union':
      return 'hat keine bekannte Art (kind: service-level, wait-p90, email-backlog, silent-source, spool-full, dead-segments)';
    case 'unrecognized_keys':
      return `unbekanntes Feld ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return 'hat das falsche Format';
    default:
      return issue.message;
  }
}

function where(path: readonly PropertyKey[], raw: unknown): string {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return path.join('.') || 'Datei';
  const entry = (raw as { rules?: { name?: unknown }[] }).rules?.[path[1]];
  const label = typeof entry?.name === 'string' ? ` „${entry.name}“` : '';
  const field = path.slice(2).join('.');
  return `Regel ${path[1] + 1}${label}${field ? `, Feld ${field}` : ''}`;
}

/** The rules in `file`; none when it does not exist. */
export function loadAlertRules(file: string): AlertRule[] {
  if (!existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AlertRulesError(
      `Alarmregeln ${file}: kein gültiges JSON (${(err as Error).message})`,
    );
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${where(i.path, raw)} ${german(i)}`);
    throw new AlertRulesError(`Alarmregeln ${file}: ${problems.join('; ')}`);
  }
  return parsed.data.rules;
}
