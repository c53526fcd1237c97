/**
 * Reference data of the appointment system (`lagebild import` with mapping type `slot-plan`
 * or `failed-search`): its slot plan — `date`, `from`, `to` (local HH:MM), `slots`, optional
 * `service` and `site` — and the booking searches that found no free slot, a count per
 * `date`, optional `service`, and `site`. Rows land in the tables of migration 0013 with the
 * import's receipt time as version, so a re-imported day replaces that day's plan.
 */
import { z } from 'zod';
import { localDate, serviceCode, site } from '../../domain/contract/common.ts';
import { summariseIssues, validateWith } from '../../domain/contract/event.ts';
import type { Conversion } from '../pipeline/accept.ts';

/** HH:MM local time; `24:00` closes a plan that runs to midnight. */
const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a time HH:MM');

export const slotPlanEntrySchema = z
  .strictObject({
    date: localDate,
    site,
    from: clockTime,
    to: clockTime,
    slots: z.number().int().nonnegative().max(100_000),
    service: serviceCode.optional(),
  })
  .refine((r) => r.from < r.to, {
    path: ['to'],
    message: 'must be after from',
    params: { reason: 'time_order' },
  });

export type SlotPlanEntry = z.infer<typeof slotPlanEntrySchema>;

export const failedSearchSchema = z.strictObject({
  date: localDate,
  site,
  service: serviceCode.optional(),
  searches: z.number().int().nonnegative().max(10_000_000),
});

export type FailedSearch = z.infer<typeof failedSearchSchema>;

function minuteOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function slotPlanRow(r: SlotPlanEntry, version: number) {
  return {
    site: r.site,
    date: r.date,
    service: r.service ?? '',
    from_minute: minuteOfDay(r.from),
    to_minute: minuteOfDay(r.to),
    slots: r.slots,
    version,
  };
}

export function failedSearchRow(r: FailedSearch, version: number) {
  return { site: r.site, date: r.date, service: r.service ?? '', searches: r.searches, version };
}

function converter<T>(
  schema: z.ZodType<T>,
  table: string,
  row: (v: T, version: number) => Record<string, unknown>,
): (value: unknown, receivedAt: Date) => Conversion {
  return (value, receivedAt) => {
    const v = validateWith(schema, value);
    return v.ok
      ? { ok: true, table, row: row(v.value, receivedAt.getTime()) }
      : { ok: false, reason: v.issues[0]?.reason ?? 'schema', error: summariseIssues(v.issues) };
  };
}

export const convertSlotPlan = converter(slotPlanEntrySchema, 'slot_plans', slotPlanRow);
export const convertFailedSearch = converter(
  failedSearchSchema,
  'failed_searches',
  failedSearchRow,
);
