import { z } from 'zod';
import { callSchema, type CallEvent } from './call.ts';
import { passesContract } from './compiled-validator.ts';
import { emailSchema, type EmailEvent } from './email.ts';
import { onlineSchema, type OnlineEvent } from './online.ts';
import type { RejectReason } from './reject-reasons.ts';
import { visitSchema, type VisitEvent } from './visit.ts';

export const EVENT_TYPES = ['visit', 'call', 'email', 'online'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const eventSchema = z.discriminatedUnion('type', [
  visitSchema,
  callSchema,
  emailSchema,
  onlineSchema,
]);
export type Event = VisitEvent | CallEvent | EmailEvent | OnlineEvent;

export interface ContractIssue {
  /** Field path as written in the item, e.g. `appointment.slotStart` or `services[2]`. */
  path: string;
  message: string;
  reason: RejectReason;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: ContractIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function reasonOf(issue: z.core.$ZodIssue, raw: unknown): RejectReason {
  if (
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
    valueAt(raw, issue.path) === undefined
  ) {
    return 'missing_field';
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'unknown_field';
    case 'invalid_union':
      return issue.path.length === 1 && issue.path[0] === 'type' ? 'unknown_type' : 'schema';
    case 'custom': {
      const reason = (issue.params as { reason?: RejectReason } | undefined)?.reason;
      return reason ?? 'schema';
    }
    default:
      return 'schema';
  }
}

/** Turns zod's issues into contract issues: every problem of the item, each with its path. */
export function toContractIssues(error: z.ZodError, raw: unknown): ContractIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: 'field not in the contract',
        reason: 'unknown_field' as const,
      }));
    }
    const reason = reasonOf(issue, raw);
    const message =
      reason === 'missing_field' && issue.code !== 'custom' ? 'required' : issue.message;
    return [{ path: formatPath(issue.path), message, reason }];
  });
}

export function validateWith<T>(schema: z.ZodType<T>, raw: unknown): Validation<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      issues: [{ path: '', message: 'expected a JSON object', reason: 'not_an_object' }],
    };
  }
  const result = schema.safeParse(raw);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toContractIssues(result.error, raw) };
}

/**
 * Validates one incoming item against the event contract, returning every issue. Valid
 * items (nearly all) are recognised by the compiled fast path; zod explains the rest.
 */
export function validateEvent(raw: unknown): Validation<Event> {
  if (passesContract(raw)) return { ok: true, value: raw as Event };
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const type = (raw as { type?: unknown }).type;
    if (!EVENT_TYPES.includes(type as EventType)) {
      return {
        ok: false,
        issues: [
          {
            path: 'type',
            message: `must be one of ${EVENT_TYPES.join(', ')}`,
            reason: type === undefined ? 'missing_field' : 'unknown_type',
          },
        ],
      };
    }
  }
  return validateWith(eventSchema as z.ZodType<Event>, raw);
}

/** Issues named in a summary; the rest are only counted (one item may carry 200,000). */
export const SUMMARISED_ISSUES = 5;

/** One line for an API answer or a reject row: the first few issues, plus a count of the rest. */
export function summariseIssues(issues: readonly ContractIssue[]): string {
  const parts = issues
    .slice(0, SUMMARISED_ISSUES)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const rest = issues.length - parts.length;
  return rest > 0 ? `${parts.join('; ')}; … and ${rest} more` : parts.join('; ');
}
