import { z } from 'zod';
import {
  asRefinement,
  evenWhenInvalid,
  envelope,
  isoDateTime,
  readInstants,
  serviceCode,
  storableIssues,
  type RuleIssue,
} from './common.ts';

/** The online services the office offers (issue 18); a new one is a contract change. */
export const ONLINE_CHANNELS = [
  'i-kfz',
  'bewohnerparken',
  'wunschkennzeichen',
  'termin',
  'abholbenachrichtigung',
] as const;
export const ONLINE_OUTCOMES = ['completed', 'aborted'] as const;

/** Rules across fields of an online transaction; `e` may be any object. */
export function onlineRules(e: Record<string, unknown>): RuleIssue[] {
  return storableIssues(readInstants(e, ['completedAt']), []);
}

/** One transaction finished (or given up) in an online service instead of at a counter. */
export const onlineSchema = z
  .strictObject({
    type: z.literal('online'),
    ...envelope,
    service: serviceCode,
    completedAt: isoDateTime,
    channel: z.enum(ONLINE_CHANNELS),
    outcome: z.enum(ONLINE_OUTCOMES),
  })
  .superRefine(asRefinement(onlineRules), evenWhenInvalid);

export type OnlineEvent = z.infer<typeof onlineSchema>;
