/**
 * Kontaktvolumen: contacts per day of the period, per day of its whole year (the calendar)
 * and per weekday and hour of one channel.
 */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { dailyVolumes } from '../../../../../queries/volumes/daily-volumes.query.ts';
import { weekdayHour, type Channel } from '../../../../../queries/volumes/weekday-hour.query.ts';
import type { Period } from '../period.ts';

export async function volumesData(wh: Warehouse, p: { period: Period; channel: Channel }) {
  const { period, channel } = p;
  const year = Number(period.to.slice(0, 4));
  const [daily, yearDays, heat] = await Promise.all([
    dailyVolumes(wh, period),
    dailyVolumes(wh, { from: `${year}-01-01`, to: `${year}-12-31`, site: period.site }),
    weekdayHour(wh, { ...period, channel }),
  ]);
  return { period, channel, daily, year, yearDays, heat };
}
