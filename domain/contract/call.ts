import { z } from 'zod';
import {
  asRefinement,
  evenWhenInvalid,
  envelope,
  isoDateTime,
  MAX_DURATION_SECONDS,
  readInstants,
  seconds,
  serviceCode,
  shortText,
  storableIssues,
  timeOrderIssues,
  type RuleIssue,
} from './common.ts';

const CALL_TIMES = ['offeredAt', 'answeredAt', 'endedAt'];

/** Rules across fields of a call; `c` may be any object (they tolerate bad fields). */
export function callRules(c: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const times = readInstants(c, CALL_TIMES);
  storableIssues(times, issues);
  timeOrderIssues(times, CALL_TIMES, MAX_DURATION_SECONDS, issues);
  if (c.answeredAt === undefined) {
    for (const field of ['talkSeconds', 'resolvedFirstContact']) {
      if (c[field] !== undefined && c[field] !== 0 && c[field] !== false) {
        issues.push({
          path: [field],
          message: 'an abandoned call (no answeredAt) cannot have this',
          reason: 'inconsistent',
        });
      }
    }
  }
  return issues;
}

/** One call to the 115 line; abandoned means no `answeredAt`. */
export const callSchema = z
  .strictObject({
    type: z.literal('call'),
    ...envelope,
    offeredAt: isoDateTime,
    answeredAt: isoDateTime.optional(),
    endedAt: isoDateTime.optional(),
    queue: shortText.optional(),
    talkSeconds: seconds.optional(),
    holdSeconds: seconds.optional(),
    wrapSeconds: seconds.optional(),
    transferred: z.boolean().optional(),
    resolvedFirstContact: z.boolean().optional(),
    callbackRequested: z.boolean().optional(),
    topic: serviceCode.optional(),
  })
  .superRefine(asRefinement(callRules), evenWhenInvalid);

export type CallEvent = z.infer<typeof callSchema>;
