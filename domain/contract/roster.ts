import { z } from 'zod';
import { localDate, site, TEAMS } from './common.ts';

/** Teams that appear on the duty roster: the counter teams plus the 115 line and the mailbox. */
export const ROSTER_TEAMS = [...TEAMS, 'telefon', 'email'] as const;
export type RosterTeam = (typeof ROSTER_TEAMS)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM');

/** One block of the duty roster: `persons` people of `team` on duty from `from` to `to` local time. */
export const rosterEntrySchema = z
  .strictObject({
    date: localDate,
    site,
    team: z.enum(ROSTER_TEAMS),
    from: clockTime,
    to: clockTime,
    persons: z.number().nonnegative().max(10000),
  })
  .refine((r) => r.from < r.to, {
    path: ['to'],
    message: 'must be after from',
    params: { reason: 'time_order' },
  });

export type RosterEntry = z.infer<typeof rosterEntrySchema>;
