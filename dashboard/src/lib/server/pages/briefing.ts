/**
 * Morgenbriefing: yesterday against a normal day of that weekday, the hours
 * whose waits ran over target, 115 service level per interval, the email backlog, notable
 * deviations in plain German, and today's outlook: the daily forecast of each channel with
 * its 80 % interval, and the roster.
 */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import { addDays, isoWeekday, type LocalDate } from '../../../../../calendar/local-date.ts';
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { normalDay, type KpiDeviation } from '../../../../../queries/baseline/normal-day.query.ts';
import { callIntervals } from '../../../../../queries/call-intervals/call-intervals.query.ts';
import { emailBacklog } from '../../../../../queries/email-backlog/email-backlog.query.ts';
import { waitsByHour } from '../../../../../queries/handling-times/waits-by-hour.query.ts';
import { dailyForecast } from '../../../../../queries/forecast/forecast.query.ts';
import {
  InsufficientHistoryError,
  type ForecastPoint,
} from '../../../../../queries/forecast/daily-model.ts';
import { KPIS } from '../../../../../queries/kpis/definitions.ts';
import { rosterOfDay } from '../../../../../queries/roster/roster-day.query.ts';
import { kpiSettings } from '../../../../../queries/targets.ts';
import { WEEKDAY_NAMES as WEEKDAYS } from '../../channels.ts';
import { formatValue } from '../../format.ts';

/** One sentence per flagged KPI, e.g. "Wartezeit (90 % unter) war mit 48:10 min deutlich höher als an einem normalen Dienstag (31:05 min)." */
export function deviationSentence(d: KpiDeviation, weekday: string): string | null {
  if (!d.flag) return null;
  const t = KPIS[d.kpi];
  const worse =
    t.higherIsBetter === null
      ? ''
      : (d.flag === 'higher') === t.higherIsBetter
        ? ' – erfreulich'
        : ' – bitte ansehen';
  return `${t.label} war mit ${formatValue(d.value, t.format)} deutlich ${d.flag === 'higher' ? 'höher' : 'niedriger'} als an einem normalen ${weekday} (${formatValue(d.normal, t.format)})${worse}.`;
}

const OUTLOOK_CHANNELS = ['visits', 'calls', 'emails'] as const;
type OutlookChannel = (typeof OUTLOOK_CHANNELS)[number];

/** The forecast for the day after `until`, or null while the history is too short for one. */
async function forecastOfNextDay(
  wh: Warehouse,
  channel: OutlookChannel,
  until: LocalDate,
  site: string | undefined,
): Promise<ForecastPoint | null> {
  try {
    const result = await dailyForecast(wh, { channel, horizon: 1, until, site });
    return result.forecast[0] ?? null;
  } catch (err) {
    if (err instanceof InsufficientHistoryError) return null;
    throw err;
  }
}

/** `site` undefined: all sites. */
export async function briefingData(wh: Warehouse, date: LocalDate, site?: string) {
  const today = addDays(date, 1);
  const weekday = WEEKDAYS[isoWeekday(date) - 1]!;
  const todayWeekday = WEEKDAYS[isoWeekday(today) - 1]!;
  const [baseline, hours, intervals, backlog, roster, ...forecasts] = await Promise.all([
    normalDay(wh, { date, site }),
    waitsByHour(wh, { from: date, to: date, site }),
    callIntervals(wh, { from: date, to: date, site }),
    emailBacklog(wh, { from: addDays(date, -13), to: date, site }),
    rosterOfDay(wh, { date: today, site }),
    ...OUTLOOK_CHANNELS.map((c) => forecastOfNextDay(wh, c, date, site)),
  ]);
  const expected = Object.fromEntries(
    OUTLOOK_CHANNELS.map((c, i) => [c, forecasts[i] ?? null]),
  ) as Record<OutlookChannel, ForecastPoint | null>;
  const sentences = baseline.kpis
    .map((d) => deviationSentence(d, weekday))
    .filter((s): s is string => s !== null);
  return {
    date,
    weekday,
    today,
    todayWeekday,
    baseline,
    sentences,
    hours,
    intervals,
    backlog,
    /** The configured 115 target, for the interval chart's target line. */
    serviceLevelTarget: kpiSettings().targets.serviceLevel,
    outlook: {
      /** Per channel the Prognose page's daily forecast for today (data up to `date`). */
      expected,
      roster,
    },
  };
}
