/**
 * The two small files the ingest service keeps about its notifications (ingest/alerts/):
 * the alert state (which alerts hold, what is still to be delivered) and the log of failed
 * deliveries. Their shapes live here, on the read side, so Datenqualität and Heute can show
 * them without reaching the write side; `readNotificationStatus` is what they call.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

export const noticeSchema = z.object({
  rule: z.string(),
  state: z.enum(['started', 'ended']),
  value: z.number().nullable(),
  limit: z.number(),
  /** ISO instant of the evaluation that saw the change. */
  time: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const CHANNELS = ['mail', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export const alertStateSchema = z.object({
  /** Alerts that hold, by rule name, with the notice that started them. */
  active: z.record(z.string(), noticeSchema),
  /** Notices not yet delivered on every channel (retried at each evaluation). */
  outbox: z.array(z.object({ notice: noticeSchema, pending: z.array(z.enum(CHANNELS)) })),
});
export type AlertState = z.infer<typeof alertStateSchema>;

export const failureSchema = z.object({
  at: z.string(),
  /** `alert` or `briefing`. */
  kind: z.enum(['alert', 'briefing']),
  channel: z.enum(CHANNELS),
  /** What was to be sent, in German (rule and state, or the briefing's day). */
  subject: z.string(),
  error: z.string(),
});
export type DeliveryFailure = z.infer<typeof failureSchema>;
export const failureLogSchema = z.object({ failures: z.array(failureSchema) });

export function readJsonFile<T>(file: string, schema: z.ZodType<T>, empty: T): T {
  if (!existsSync(file)) return empty;
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} ist beschädigt: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export const EMPTY_STATE: AlertState = { active: {}, outbox: [] };

export interface NotificationStatus {
  /** Alerts that hold now (Heute and Datenqualität show them). */
  active: Notice[];
  /** Notices still waiting for a channel that failed. */
  undelivered: number;
  /** Failed deliveries, newest first. */
  failures: DeliveryFailure[];
}

export function readNotificationStatus(files: {
  stateFile: string;
  failuresFile: string;
}): NotificationStatus {
  const state = readJsonFile(files.stateFile, alertStateSchema, EMPTY_STATE);
  const log = readJsonFile(files.failuresFile, failureLogSchema, { failures: [] });
  return {
    active: Object.values(state.active),
    undelivered: state.outbox.length,
    failures: [...log.failures].reverse(),
  };
}

const ruleNamesSchema = z.object({
  rules: z.array(
    z.object({ kind: z.string(), name: z.string(), site: z.string().optional() }).loose(),
  ),
});

/**
 * The kind of each rule by name, so a reader can show an alert's value in its unit (the
 * notices carry only the name). The ingest service checks the file strictly; here a missing
 * or unreadable one only means the units are not known.
 */
export function readRuleKinds(rulesFile: string): Map<string, string> {
  try {
    const parsed = ruleNamesSchema.safeParse(JSON.parse(readFileSync(rulesFile, 'utf8')));
    return new Map(parsed.success ? parsed.data.rules.map((r) => [r.name, r.kind]) : []);
  } catch {
    return new Map();
  }
}

/**
 * The site of each rule by name ('' for a rule over all sites), so a reader restricted to a
 * site sees only that site's alerts. Unreadable like readRuleKinds: no rule is known.
 */
export function readRuleSites(rulesFile: string): Map<string, string> {
  try {
    const parsed = ruleNamesSchema.safeParse(JSON.parse(readFileSync(rulesFile, 'utf8')));
    return new Map(parsed.success ? parsed.data.rules.map((r) => [r.name, r.site ?? '']) : []);
  } catch {
    return new Map();
  }
}
