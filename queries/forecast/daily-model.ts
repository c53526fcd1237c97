/**
 * The daily demand model: a regression on calendar features of log(1 + contacts), fitted to
 * the history (days the channel is open), with prediction intervals from the empirical
 * quantiles of its residuals. Closed days (weekends and public holidays for the counters and
 * the 115 line) are forecast as zero. Chosen over exponential smoothing because the office's
 * demand is driven by known calendar events (holidays, school holidays, the pre-summer
 * passport rush) that a regression can take as inputs, years ahead.
 */
import type { LocalDate } from '../../calendar/local-date.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';
import { featuresOf } from './features.ts';
import { fitRidge, predict, type LinearModel } from '../../maths/ridge-regression.ts';

/** The warehouse holds too little data for a forecast; the API answers 422 with this message. */
export class InsufficientHistoryError extends Error {
  readonly status = 422;
}

export interface DailyPoint {
  date: LocalDate;
  value: number;
}

export interface ForecastPoint {
  date: LocalDate;
  forecast: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface FittedModel {
  model: LinearModel;
  /** Residual quantiles on the log scale: 2.5 %, 10 %, 90 %, 97.5 %. */
  residualQuantiles: [number, number, number, number];
  opensOnWeekends: boolean;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** True when the channel works on this day (emails arrive every day). */
export function isOpen(d: LocalDate, opensOnWeekends: boolean): boolean {
  return opensOnWeekends || isWorkingDay(d);
}

export function fitDailyModel(
  history: readonly DailyPoint[],
  opensOnWeekends: boolean,
): FittedModel {
  const train = history.filter((p) => isOpen(p.date, opensOnWeekends));
  if (train.length < 60)
    throw new InsufficientHistoryError(
      `Zu wenig Historie für eine Prognose: ${train.length} Öffnungstage, nötig sind mindestens 60.`,
    );
  const rows = train.map((p) => featuresOf(p.date));
  const y = train.map((p) => Math.log1p(p.value));
  const model = fitRidge(rows, y);
  const residuals = train.map((_, i) => y[i]! - predict(model, rows[i]!)).sort((a, b) => a - b);
  return {
    model,
    residualQuantiles: [
      quantile(residuals, 0.025),
      quantile(residuals, 0.1),
      quantile(residuals, 0.9),
      quantile(residuals, 0.975),
    ],
    opensOnWeekends,
  };
}

export function forecastDay(fitted: FittedModel, date: LocalDate): ForecastPoint {
  if (!isOpen(date, fitted.opensOnWeekends))
    return { date, forecast: 0, lower80: 0, upper80: 0, lower95: 0, upper95: 0 };
  const mu = predict(fitted.model, featuresOf(date));
  const [q025, q10, q90, q975] = fitted.residualQuantiles;
  const back = (x: number) => Math.max(0, Math.expm1(x));
  return {
    date,
    forecast: back(mu),
    lower80: back(mu + q10),
    upper80: back(mu + q90),
    lower95: back(mu + q025),
    upper95: back(mu + q975),
  };
}
