/**
 * Daily contacts per channel of the demo office, counted from the generator the way the
 * warehouse counts them (completed visits, offered calls without short abandons, emails
 * received), without a database: the forecast benchmark needs only the series.
 */
import { berlinDate } from '../calendar/berlin-time.ts';
import { addDays, daysBetween, type LocalDate } from '../calendar/local-date.ts';
import { generateDays } from '../demo/generator.ts';
import type { IssuanceTally } from '../demo/issuances.ts';
import type { DailyPoint } from '../queries/forecast/daily-model.ts';
import { kpiSettings } from '../queries/targets.ts';

export type SeriesChannel = 'visits' | 'calls' | 'emails';
export type DemoSeries = Record<SeriesChannel, DailyPoint[]>;

export function demoDailySeries(
  from: LocalDate,
  to: LocalDate,
  seed: number,
  onDay?: (date: LocalDate) => void,
  /** Counts the demo's issuances on the way, for the renewal regressor. */
  issuances?: IssuanceTally,
): DemoSeries {
  const dates = Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
  const index = new Map(dates.map((d, i) => [d, i]));
  const counts = {
    visits: dates.map(() => 0),
    calls: dates.map(() => 0),
    emails: dates.map(() => 0),
  };
  // Short abandons are not offered calls, by the same setting the warehouse counts with.
  const shortAbandonMs = kpiSettings().shortAbandonSeconds * 1000;
  const bump = (channel: SeriesChannel, d: LocalDate) => {
    const i = index.get(d);
    if (i !== undefined) counts[channel][i]!++;
  };
  for (const day of generateDays({ from, to, seed })) {
    onDay?.(day.date);
    issuances?.add(day.date, day.events);
    for (const e of day.events) {
      if (e.type === 'visit' && e.outcome === 'completed') bump('visits', day.date);
      else if (e.type === 'call') {
        const shortAbandon =
          e.answeredAt === undefined &&
          e.endedAt !== undefined &&
          Date.parse(e.endedAt) - Date.parse(e.offeredAt) <= shortAbandonMs;
        if (!shortAbandon) bump('calls', day.date);
      } else if (e.type === 'email') bump('emails', berlinDate(new Date(e.receivedAt)));
    }
  }
  const series = (c: SeriesChannel) => dates.map((date, i) => ({ date, value: counts[c][i]! }));
  return { visits: series('visits'), calls: series('calls'), emails: series('emails') };
}

/** The same history with every day from `from` on multiplied by `factor` (a lasting level change). */
export function withLevelShift(
  points: readonly DailyPoint[],
  from: LocalDate,
  factor: number,
): DailyPoint[] {
  return points.map((p) =>
    p.date >= from ? { date: p.date, value: Math.round(p.value * factor) } : p,
  );
}
