/**
 * Prognose: the daily forecast of one channel with its backtest, the staffing of one day
 * and, when asked for, the passport and ID card renewal waves of the next twelve months.
 */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import { addDays, type LocalDate } from '../../../../../calendar/local-date.ts';
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { dailyForecast } from '../../../../../queries/forecast/forecast.query.ts';
import { renewalWaves } from '../../../../../queries/forecast/renewal-waves.query.ts';
import { staffing } from '../../../../../queries/staffing/staffing.query.ts';
import type { Channel } from '../../../../../queries/volumes/weekday-hour.query.ts';

/** The horizons the page offers, in days. */
export const HORIZONS = [7, 28, 91, 182];

export interface ForecastPageParams {
  channel: Channel;
  horizon: number;
  /** The day whose staffing is shown, after `until`. */
  day: LocalDate;
  /** The last day with data. */
  until: LocalDate;
  showRenewals: boolean;
}

export async function forecastData(wh: Warehouse, p: ForecastPageParams) {
  const { channel, horizon, day, until } = p;
  const [forecast, staff, renewals] = await Promise.all([
    dailyForecast(wh, { channel, horizon, until, withBacktest: true }),
    staffing(wh, { date: day, until }),
    p.showRenewals
      ? renewalWaves(wh, { from: addDays(until, 1), months: 12 })
      : Promise.resolve(null),
  ]);
  return { channel, horizon, horizons: HORIZONS, day, until, forecast, staff, renewals };
}
