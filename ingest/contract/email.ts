import { z } from 'zod';
import {
  checkTimeOrder,
  evenWhenInvalid,
  envelope,
  isoDateTime,
  serviceCode,
  shortText,
} from './common.ts';

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
  .superRefine((e, ctx) => {
    checkTimeOrder(e, ['receivedAt', 'firstResponseAt'], ctx, null);
    checkTimeOrder(e, ['receivedAt', 'closedAt'], ctx, null);
  }, evenWhenInvalid);

export type EmailEvent = z.infer<typeof emailSchema>;
