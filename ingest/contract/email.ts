import { z } from 'zod';
import {
  asRefinement,
  evenWhenInvalid,
  envelope,
  isoDateTime,
  serviceCode,
  shortText,
  storableIssues,
  timeOrderIssues,
  type RuleIssue,
} from './common.ts';

/** Rules across fields of an email thread; `e` may be any object (they tolerate bad fields). */
export function emailRules(e: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  storableIssues(e, ['receivedAt', 'firstResponseAt', 'closedAt'], issues);
  timeOrderIssues(e, ['receivedAt', 'firstResponseAt'], null, issues);
  timeOrderIssues(e, ['receivedAt', 'closedAt'], null, issues);
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
