import { z } from 'zod';
import {
  checkTimeOrder,
  evenWhenInvalid,
  envelope,
  isoDateTime,
  MAX_DURATION_SECONDS,
  seconds,
  serviceCode,
  shortText,
} from './common.ts';

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
  .superRefine((c, ctx) => {
    checkTimeOrder(c, ['offeredAt', 'answeredAt', 'endedAt'], ctx, MAX_DURATION_SECONDS);
    if (c.answeredAt === undefined) {
      for (const field of ['talkSeconds', 'resolvedFirstContact'] as const) {
        if (c[field] !== undefined && c[field] !== 0 && c[field] !== false) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'an abandoned call (no answeredAt) cannot have this',
            params: { reason: 'inconsistent' },
          });
        }
      }
    }
  }, evenWhenInvalid);

export type CallEvent = z.infer<typeof callSchema>;
