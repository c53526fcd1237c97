import { z } from 'zod';
import {
  asRefinement,
  evenWhenInvalid,
  envelope,
  isoDateTime,
  readInstants,
  serviceCode,
  shortText,
  storableIssues,
  timeOrderIssues,
  type RuleIssue,
} from './common.ts';

/** Rules across fields of an email thread; `e` may be any object (they tolerate bad fields). */
export function emailRules(e: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const times = readInstants(e, ['receivedAt', 'firstResponseAt', 'closedAt']);
  storableIssues(times, issues);
  timeOrderIssues(times, ['receivedAt', 'firstResponseAt'], null, issues);
  timeOrderIssues(times, ['receivedAt', 'closedAt'], null, issues);
  return issues;
}

/** One email enquiry thread. Threads may stay open for days, so no 12 h limit here. */
export const emailSchema = z
  .strictObject({
    type: z.literal('email'),
    ...envelope,
    receivedAt: isoDateTime,
    firstResponseAt: isoDateTime.optional(),
    closedAt: isoDateTime.optional(),
    mailbox: shortText.optional(),
    topic: serviceCode.optional(),
    resolved: z.boolean().optional(),
  })
  .superRefine(asRefinement(emailRules), evenWhenInvalid);

export type EmailEvent = z.infer<typeof emailSchema>;
