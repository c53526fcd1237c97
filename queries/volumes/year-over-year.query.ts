/** Weekly contacts of several years side by side (ISO weeks), from the daily volumes. */
import { getISOWeek, getISOWeekYear } from 'date-fns';
import type { Warehouse } from '../../warehouse/client.ts';
import { dailyVolumes } from './daily-volumes.query.ts';
import type { Channel } from './weekday-hour.query.ts';

export interface WeeklyPoint {
  year: number;
  week: number;
  contacts: number;
  /** Days of the week that lie in the requested years (the first and last weeks may be partial). */
  days: number;
}

export async function yearOverYear(
  wh: Warehouse,
  p: { years: number[]; channel: Channel; site?: string; until?: string },
): Promise<WeeklyPoint[]> {
  const years = [...p.years].sort();
  const days = await dailyVolumes(wh, {
    from: `${years[0]}-01-01`,
    to: `${years[years.length - 1]}-12-31`,
    site: p.site,
  });
  const weeks = new Map<string, WeeklyPoint>();
  for (const d of days) {
    // Days after `until` (the future) have no data yet, not zero contacts.
    if (p.until && d.date > p.until) continue;
    const date = new Date(`${d.date}T12:00:00Z`);
    const year = getISOWeekYear(date);
    if (!years.includes(year)) continue;
    const week = getISOWeek(date);
    const key = `${year}-${week}`;
    const point = weeks.get(key) ?? { year, week, contacts: 0, days: 0 };
    point.contacts += d[p.channel];
    point.days++;
    weeks.set(key, point);
  }
  return [...weeks.values()].sort((a, b) => a.year - b.year || a.week - b.week);
}
