import { z } from 'zod';
import {
  checkTimeOrder,
  evenWhenInvalid,
  envelope,
  isoDateTime,
  MAX_DURATION_SECONDS,
  serviceCode,
  shortText,
  team,
} from './common.ts';

export const VISIT_OUTCOMES = ['completed', 'no_show', 'cancelled', 'referred', 'left'] as const;

export const appointment = z.strictObject({
  bookedAt: isoDateTime,
  slotStart: isoDateTime,
});

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
  .superRefine((v, ctx) => {
    if (v.outcome !== 'no_show' && v.arrivedAt === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['arrivedAt'],
        message: 'required unless outcome is no_show',
        params: { reason: 'missing_field' },
      });
    }
    if (v.outcome === 'no_show' && v.appointment === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['appointment'],
        message: 'a no_show needs an appointment',
        params: { reason: 'missing_field' },
      });
    }
    checkTimeOrder(v, ['arrivedAt', 'calledAt', 'startedAt', 'endedAt'], ctx, MAX_DURATION_SECONDS);
    if (typeof v.appointment === 'object' && v.appointment !== null) {
      checkTimeOrder(v.appointment, ['bookedAt', 'slotStart'], ctx, null);
    }
  }, evenWhenInvalid);

export type VisitEvent = z.infer<typeof visitSchema>;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
