import { z } from 'zod';
import {
  asRefinement,
  evenWhenInvalid,
  envelope,
  isoDateTime,
  MAX_DURATION_SECONDS,
  serviceCode,
  shortText,
  readInstants,
  team,
  storableIssues,
  timeOrderIssues,
  type RuleIssue,
} from './common.ts';

export const VISIT_OUTCOMES = ['completed', 'no_show', 'cancelled', 'referred', 'left'] as const;

export const appointment = z.strictObject({
  bookedAt: isoDateTime,
  slotStart: isoDateTime,
});

const VISIT_TIMES = ['arrivedAt', 'calledAt', 'startedAt', 'endedAt'];
const APPOINTMENT_TIMES = ['bookedAt', 'slotStart'];

/** Rules across fields of a visit; `v` may be any object (they tolerate bad fields). */
export function visitRules(v: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (v.outcome !== 'no_show' && v.arrivedAt === undefined) {
    issues.push({
      path: ['arrivedAt'],
      message: 'required unless outcome is no_show',
      reason: 'missing_field',
    });
  }
  if (v.outcome === 'no_show' && v.appointment === undefined) {
    issues.push({
      path: ['appointment'],
      message: 'a no_show needs an appointment',
      reason: 'missing_field',
    });
  }
  const times = readInstants(v, VISIT_TIMES);
  storableIssues(times, issues);
  timeOrderIssues(times, VISIT_TIMES, MAX_DURATION_SECONDS, issues);
  if (typeof v.appointment === 'object' && v.appointment !== null) {
    const slot = readInstants(v.appointment as Record<string, unknown>, APPOINTMENT_TIMES);
    storableIssues(slot, issues, ['appointment']);
    timeOrderIssues(slot, APPOINTMENT_TIMES, null, issues, ['appointment']);
  }
  return issues;
}

/** One customer visit at a counter. */
export const visitSchema = z
  .strictObject({
    type: z.literal('visit'),
    ...envelope,
    arrivedAt: isoDateTime.optional(),
    calledAt: isoDateTime.optional(),
    startedAt: isoDateTime.optional(),
    endedAt: isoDateTime.optional(),
    appointment: appointment.optional(),
    team,
    desk: shortText.optional(),
    agent: shortText.optional(),
    services: z.array(serviceCode).min(1).max(20),
    persons: z.number().int().min(1).max(100).default(1),
    outcome: z.enum(VISIT_OUTCOMES),
  })
  .superRefine(asRefinement(visitRules), evenWhenInvalid);

export type VisitEvent = z.infer<typeof visitSchema>;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
