/**
 * Daily forecasts per channel (and for visits per service domain) 1 to 182 days ahead,
 * learned from the warehouse's daily volumes, with 80 % and 95 % prediction intervals and
 * the backtest accuracy beside them.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { SERVICE_DOMAINS, type ServiceDomain } from '../../domain/catalog/service-catalog.ts';
import { ParamError } from '../shared/range.ts';
import { dailyVolumes } from '../volumes/daily-volumes.query.ts';
import type { Channel } from '../volumes/weekday-hour.query.ts';
import { backtest, type BacktestResult, type Forecaster } from './backtest.ts';
import {
  fitDailyModel,
  forecastDays,
  type DailyPoint,
  type DailyRegressor,
  type ForecastPoint,
} from './daily-model.ts';
import { renewalRegressor } from './renewal-regressor.ts';
import { renewalWaves } from './renewal-waves.query.ts';

export const MAX_HORIZON = 182;

export interface ForecastParams {
  channel: Channel;
  /** Only for visits: one service domain instead of all visits. */
  domain?: ServiceDomain;
  horizon: number;
  site?: string;
  /** The last day with data; forecasts start the day after (default: yesterday). */
  until: LocalDate;
  withBacktest?: boolean;
  /**
   * Counter visits only: take the expected renewals of ID cards and passports as a regressor.
   * Off by default: on the demo history the backtest was mixed (README, forecast section).
   */
  withRenewals?: boolean;
}

export interface ForecastResult {
  channel: Channel;
  domain: ServiceDomain | null;
  from: LocalDate;
  to: LocalDate;
  method: string;
  history: DailyPoint[];
  forecast: ForecastPoint[];
  backtest: BacktestResult | null;
}

export function checkHorizon(h: number): number {
  if (!Number.isInteger(h) || h < 1 || h > MAX_HORIZON)
    throw new ParamError(
      'horizon',
      `must be a whole number of days from 1 to ${MAX_HORIZON} (26 weeks)`,
    );
  return h;
}

/** Completed visits per day whose services touch the domain. */
async function domainHistory(
  wh: Warehouse,
  domain: ServiceDomain,
  from: LocalDate,
  to: LocalDate,
  site?: string,
): Promise<DailyPoint[]> {
  const rows = await wh.query<{ d: string; n: number }>(sql`
    SELECT toString(day) AS d, count() AS n FROM visits FINAL
    WHERE day BETWEEN ${lit.date(from)} AND ${lit.date(to)} AND deleted = 0 AND outcome = 'completed'${site ? sql` AND site = ${lit.string(site)}` : sql``}
      AND hasAny(services, (SELECT groupArray(code) FROM service_catalog FINAL WHERE domain = ${lit.enumValue(SERVICE_DOMAINS, domain)}))
    GROUP BY day`);
  const byDay = new Map(rows.map((r) => [r.d, Number(r.n)]));
  const out: DailyPoint[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ date: d, value: byDay.get(d) ?? 0 });
  return out;
}

/** Every day from the first with data to `until`. */
export async function loadHistory(
  wh: Warehouse,
  p: Pick<ForecastParams, 'channel' | 'domain' | 'site' | 'until'>,
): Promise<DailyPoint[]> {
  const from = addDays(p.until, -5 * 365);
  if (p.domain) {
    if (p.channel !== 'visits') throw new ParamError('domain', 'only for channel visits');
    return trimLeadingZeros(await domainHistory(wh, p.domain, from, p.until, p.site));
  }
  const days = await dailyVolumes(wh, { from, to: p.until, site: p.site });
  return trimLeadingZeros(days.map((d) => ({ date: d.date, value: d[p.channel] })));
}

function trimLeadingZeros(points: DailyPoint[]): DailyPoint[] {
  const first = points.findIndex((p) => p.value > 0);
  return first < 0 ? [] : points.slice(first);
}

/** The renewal regressor over the history and the horizon, from the imported issuances. */
async function renewalInput(
  wh: Warehouse,
  p: ForecastParams,
  history: readonly DailyPoint[],
): Promise<DailyRegressor | undefined> {
  if (!p.withRenewals) return undefined;
  if (p.channel !== 'visits') throw new ParamError('renewals', 'only for channel visits');
  if (history.length === 0) return undefined;
  const from = history[0]!.date;
  const to = addDays(p.until, p.horizon);
  const months =
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7)) +
    1;
  return renewalRegressor(await renewalWaves(wh, { from, months, site: p.site }));
}

export async function dailyForecast(wh: Warehouse, p: ForecastParams): Promise<ForecastResult> {
  checkHorizon(p.horizon);
  const history = await loadHistory(wh, p);
  const opensOnWeekends = p.channel === 'emails';
  const regressor = await renewalInput(wh, p, history);
  const fitted = fitDailyModel(history, opensOnWeekends, { regressor });
  const forecaster: Forecaster = (train, horizon, open) =>
    forecastDays(fitDailyModel(train, open, { regressor }), horizon);
  const from = addDays(p.until, 1);
  const forecast = forecastDays(fitted, p.horizon);
  return {
    channel: p.channel,
    domain: p.domain ?? null,
    from,
    to: addDays(from, p.horizon - 1),
    method: `Regression von log(1 + Kontakte) auf Wochentag, Jahreszeit (Fourier), Feiertage, Brückentage, Schulferien, Wochen vor den Sommerferien, die Tage von Weihnachten bis Dreikönig und Trend${regressor ? ' sowie die erwarteten Erneuerungen von Ausweisen und Pässen je Arbeitstag (aus den Ausstellungen vor 6 und 10 Jahren)' : ''}, jüngere Tage stärker gewichtet; dazu ein örtliches Niveau aus den Abweichungen der letzten Wochen; Intervalle aus den eigenen Prognosefehlern je Vorlauf (Rückrechnung über das letzte halbe Jahr)`,
    history: history.slice(-182),
    forecast,
    backtest: p.withBacktest ? backtest(history, opensOnWeekends, {}, forecaster) : null,
  };
}
