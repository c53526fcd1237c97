/**
 * Prognose: the daily forecast of one channel with its backtest, the staffing of one day,
 * the backcast of the staffing model and, when asked for, the passport and ID card renewal
 * waves of the next twelve months.
 */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import { addDays, type LocalDate } from '../../../../../calendar/local-date.ts';
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { isOpen } from '../../../../../queries/forecast/daily-model.ts';
import {
  dailyForecast,
  type ForecastResult,
} from '../../../../../queries/forecast/forecast.query.ts';
import { renewalWaves } from '../../../../../queries/forecast/renewal-waves.query.ts';
import {
  staffingBackcast,
  type BackcastResult,
  type StaffingModel,
} from '../../../../../queries/staffing/backcast.query.ts';
import { ROSTER_MEANINGS, staffing } from '../../../../../queries/staffing/staffing.query.ts';
import type { Channel } from '../../../../../queries/volumes/weekday-hour.query.ts';
import type { ForecastChartRow } from '../../components/forecast/forecast-row.ts';
import { memoize } from '../memo.ts';

/** The horizons the page offers, in days. */
export const HORIZONS = [7, 28, 91, 182];

/** Days of history the chart shows before the forecast. */
const HISTORY_DAYS = 56;

/** The bar for the staffing model: mean absolute error at most 5 percentage points. */
export const BACKCAST_TARGET_POINTS = 5;

/**
 * The backcast reads eight weeks of events half hour by half hour and runs the queue model
 * through every day; its inputs change only when a day is added, so the page and the API
 * share one answer per (last day, site, model) for an hour.
 */
export const cachedBackcast = memoize(
  ({ wh, ...p }: { wh: Warehouse; until: LocalDate; site?: string; model: StaffingModel }) =>
    staffingBackcast(wh, p),
  (p) => `${p.wh.url}|${p.wh.database}|${p.until}|${p.site ?? ''}|${p.model}`,
  3_600_000,
);

export interface ForecastPageParams {
  channel: Channel;
  horizon: number;
  /** The day whose staffing is shown, after `until`. */
  day: LocalDate;
  /** The last day with data. */
  until: LocalDate;
  /** undefined: all sites. */
  site?: string;
  showRenewals: boolean;
}

/**
 * The chart's days: the last weeks of history and the forecast, open days only. Closed days
 * (weekends and public holidays for visits and calls) are forecast as 0 and would pull every
 * line down to the axis and back.
 */
export function forecastChartRows(f: ForecastResult): ForecastChartRow[] {
  const open = (d: LocalDate) => isOpen(d, f.channel === 'emails');
  const none = { forecast: null, lower80: null, upper80: null, lower95: null, upper95: null };
  return [
    ...f.history
      .filter((h) => h.date > addDays(f.from, -HISTORY_DAYS - 1) && open(h.date))
      .map((h) => ({ date: h.date, actual: h.value, ...none })),
    ...f.forecast.filter((p) => open(p.date)).map((p) => ({ ...p, actual: null })),
  ];
}

/** What the page shows of a backcast: its figures without the interval rows. */
function backcastSummary(r: BackcastResult) {
  const { intervals: _intervals, ...summary } = r;
  return summary;
}

export async function forecastData(wh: Warehouse, p: ForecastPageParams) {
  const { channel, horizon, day, until, site } = p;
  const [forecast, staff, renewals, backcast, reference] = await Promise.all([
    // The renewal waves shown are also the visits forecast's regressor.
    dailyForecast(wh, {
      channel,
      horizon,
      until,
      site,
      withBacktest: true,
      withRenewals: p.showRenewals && channel === 'visits',
    }),
    staffing(wh, { date: day, until, site }),
    p.showRenewals
      ? renewalWaves(wh, { from: addDays(until, 1), months: 12, site })
      : Promise.resolve(null),
    cachedBackcast({ wh, until, site, model: 'erlang-a' }),
    cachedBackcast({ wh, until, site, model: 'erlang-c' }),
  ]);
  return {
    channel,
    horizon,
    horizons: HORIZONS,
    day,
    until,
    forecast,
    chartRows: forecastChartRows(forecast),
    staff,
    rosterMeaning: ROSTER_MEANINGS[staff.rosterMeans],
    renewals,
    backcast: {
      model: backcastSummary(backcast),
      reference: backcastSummary(reference),
      targetPoints: BACKCAST_TARGET_POINTS,
    },
  };
}
