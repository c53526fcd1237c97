/**
 * The daily demand model: a regression on calendar features of log(1 + contacts), fitted to
 * the history (days the channel is open) with recent days weighted more, plus a local level
 * that follows the recent residuals, so a lasting change (a new online service, a law
 * change) moves the forecast within weeks instead of months. Closed days (weekends and
 * public holidays for the counters and the 115 line) are forecast as zero.
 *
 * Prediction intervals come from the model's own out-of-sample errors: it is refitted at
 * origins across the last half year of its history and the quantiles of its errors are taken per
 * horizon, so intervals widen with the horizon as far as the history says they should.
 *
 * Chosen over exponential smoothing because the office's demand is driven by known calendar
 * events (holidays, school holidays, the pre-summer passport rush) that a regression can take
 * as inputs, years ahead.
 */
import { addDays, daysBetween, type LocalDate } from '../../calendar/local-date.ts';
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

/**
 * A known input per day beside the calendar (the expected renewals of identity documents
 * per open day): taken as log(1 + x), centred on its mean over the training days; a day
 * it does not know (null) counts as that mean.
 */
export type DailyRegressor = (date: LocalDate) => number | null;

export interface ModelOptions {
  regressor?: DailyRegressor;
}

export interface ForecastPoint {
  date: LocalDate;
  forecast: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/** Days of history a fit needs; fewer answer 422. */
const MIN_OPEN_DAYS = 60;
/**
 * Weight of a day halves every four years: recent seasons count a little more (shorter
 * half-lives lost accuracy on the backtest, the seasonal terms need several years).
 */
const WEIGHT_HALF_LIFE_DAYS = 4 * 365;
/** The local level follows the residuals of about the last two to three weeks of open days. */
const LEVEL_HALF_LIFE_OPEN_DAYS = 8;
/** Refits for the interval errors: every two weeks across the last half year. */
const CALIBRATION_ORIGINS = 13;
const CALIBRATION_STEP_DAYS = 14;
/** The horizons whose errors are pooled for one interval width (the last reaches the maximum). */
const INTERVAL_HORIZONS: ReadonlyArray<[from: number, to: number]> = [
  [1, 7],
  [8, 14],
  [15, 28],
  [29, 56],
  [57, 91],
  [92, 182],
];
/**
 * Fewer errors than this in a horizon band (a short history): it borrows the widths of the
 * band before, the first band those of the in-sample residuals (too narrow, but never none).
 */
const MIN_ERRORS = 40;

/** Log-scale error quantiles of one horizon band: 2.5 %, 10 %, 90 %, 97.5 %. */
type Quantiles = [number, number, number, number];

export interface FittedModel {
  model: LinearModel;
  /** Mean recent residual (log scale), added to every forecast. */
  level: number;
  /** Error quantiles per band of INTERVAL_HORIZONS. */
  intervals: Quantiles[];
  opensOnWeekends: boolean;
  /** The last day of the training history; forecasts start the day after. */
  lastDate: LocalDate;
  /** Builds a day's feature row (calendar, plus the regressor when there is one). */
  rowOf: (date: LocalDate) => number[];
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

/** The open days of a history with their features, computed once for all refits. */
interface Design {
  dates: LocalDate[];
  rows: number[][];
  y: number[];
}

/** The feature row of a day: the calendar, and the centred regressor when one is given. */
function rowBuilder(
  open: readonly LocalDate[],
  regressor: DailyRegressor | undefined,
): (date: LocalDate) => number[] {
  if (!regressor) return featuresOf;
  const known = open.map(regressor).filter((x): x is number => x !== null);
  const mean = known.length ? known.reduce((s, x) => s + Math.log1p(x), 0) / known.length : 0;
  return (date) => {
    const x = regressor(date);
    return [...featuresOf(date), x === null ? 0 : Math.log1p(x) - mean];
  };
}

function designOf(
  history: readonly DailyPoint[],
  rowOf: (date: LocalDate) => number[],
  opensOnWeekends: boolean,
): Design {
  const open = history.filter((p) => isOpen(p.date, opensOnWeekends));
  return {
    dates: open.map((p) => p.date),
    rows: open.map((p) => rowOf(p.date)),
    y: open.map((p) => Math.log1p(p.value)),
  };
}

interface PointModel {
  model: LinearModel;
  level: number;
}

/** Regression and local level on the first `n` open days of the design. */
function fitPoint(design: Design, n: number): PointModel {
  const last = design.dates[n - 1]!;
  const w = design.dates
    .slice(0, n)
    .map((d) => Math.sqrt(0.5 ** (daysBetween(d, last) / WEIGHT_HALF_LIFE_DAYS)));
  const rows = design.rows.slice(0, n).map((r, i) => r.map((x) => x * w[i]!));
  const y = design.y.slice(0, n).map((v, i) => v * w[i]!);
  const model = fitRidge(rows, y);
  const alpha = 1 - 0.5 ** (1 / LEVEL_HALF_LIFE_OPEN_DAYS);
  let level = 0;
  for (let i = 0; i < n; i++) {
    const residual = design.y[i]! - predict(model, design.rows[i]!);
    level += alpha * (residual - level);
  }
  return { model, level };
}

function quantilesOf(errors: number[]): Quantiles {
  const s = errors.sort((a, b) => a - b);
  return [quantile(s, 0.025), quantile(s, 0.1), quantile(s, 0.9), quantile(s, 0.975)];
}

const bandOf = (h: number) => INTERVAL_HORIZONS.findIndex(([from, to]) => h >= from && h <= to);

/**
 * Quantiles of the out-of-sample log errors per horizon band, from refits at origins across
 * the last half year; each band at least as wide as the one before, since uncertainty only grows.
 */
function calibrateIntervals(design: Design, inSample: Quantiles): Quantiles[] {
  const errors: number[][] = INTERVAL_HORIZONS.map(() => []);
  const last = design.dates[design.dates.length - 1]!;
  for (let k = 1; k <= CALIBRATION_ORIGINS; k++) {
    const origin = addDays(last, -k * CALIBRATION_STEP_DAYS);
    const n = design.dates.findIndex((d) => d > origin);
    if (n < MIN_OPEN_DAYS) break;
    const fit = fitPoint(design, n);
    for (let i = n; i < design.dates.length; i++) {
      const band = bandOf(daysBetween(origin, design.dates[i]!));
      if (band < 0) break;
      errors[band]!.push(design.y[i]! - predict(fit.model, design.rows[i]!) - fit.level);
    }
  }
  const out: Quantiles[] = [];
  for (const e of errors) {
    const before = out[out.length - 1];
    if (e.length < MIN_ERRORS) {
      out.push(before ?? inSample);
      continue;
    }
    const q = quantilesOf(e);
    out.push(
      before
        ? [
            Math.min(q[0], before[0]),
            Math.min(q[1], before[1]),
            Math.max(q[2], before[2]),
            Math.max(q[3], before[3]),
          ]
        : q,
    );
  }
  return out;
}

export function fitDailyModel(
  history: readonly DailyPoint[],
  opensOnWeekends: boolean,
  options: ModelOptions = {},
): FittedModel {
  const rowOf = rowBuilder(
    history.filter((p) => isOpen(p.date, opensOnWeekends)).map((p) => p.date),
    options.regressor,
  );
  const design = designOf(history, rowOf, opensOnWeekends);
  if (design.dates.length < MIN_OPEN_DAYS)
    throw new InsufficientHistoryError(
      `Zu wenig Historie für eine Prognose: ${design.dates.length} Öffnungstage, nötig sind mindestens ${MIN_OPEN_DAYS}.`,
    );
  const { model, level } = fitPoint(design, design.dates.length);
  const inSample = quantilesOf(design.y.map((y, i) => y - predict(model, design.rows[i]!) - level));
  return {
    model,
    level,
    intervals: calibrateIntervals(design, inSample),
    opensOnWeekends,
    lastDate: history[history.length - 1]!.date,
    rowOf,
  };
}

export function forecastDay(fitted: FittedModel, date: LocalDate): ForecastPoint {
  if (!isOpen(date, fitted.opensOnWeekends))
    return { date, forecast: 0, lower80: 0, upper80: 0, lower95: 0, upper95: 0 };
  const mu = predict(fitted.model, fitted.rowOf(date)) + fitted.level;
  const h = daysBetween(fitted.lastDate, date);
  const band = bandOf(h);
  const [q025, q10, q90, q975] = fitted.intervals[band < 0 ? fitted.intervals.length - 1 : band]!;
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

/** The forecasts for the `horizon` days after the training history. */
export function forecastDays(fitted: FittedModel, horizon: number): ForecastPoint[] {
  return Array.from({ length: horizon }, (_, i) =>
    forecastDay(fitted, addDays(fitted.lastDate, i + 1)),
  );
}
