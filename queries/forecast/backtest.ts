/**
 * Rolling-origin backtest: from origins spread over the last year, fit on everything before
 * the origin and forecast the following days, as a planner would have had them. Scored per
 * horizon band by MASE (scaled by the in-sample error of "same weekday a week earlier" over
 * open days only, so holiday zeros do not flatter it), WAPE, bias and the coverage of the
 * 80 % and 95 % intervals, beside two yardsticks: the seasonal naive and "same weekday last
 * year". Any forecaster can be scored the same way (the benchmark scores its peers with it).
 */
import { addDays, daysBetween, type LocalDate } from '../../calendar/local-date.ts';
import {
  fitDailyModel,
  forecastDays,
  InsufficientHistoryError,
  isOpen,
  type DailyPoint,
  type ForecastPoint,
} from './daily-model.ts';

export const HORIZON_BANDS: ReadonlyArray<[label: string, from: number, to: number]> = [
  ['1–7 Tage', 1, 7],
  ['8–28 Tage', 8, 28],
  ['29–91 Tage', 29, 91],
  ['92–182 Tage', 92, 182],
];

/** Forecasts for the `horizon` days after the last day of `train`. */
export type Forecaster = (
  train: readonly DailyPoint[],
  horizon: number,
  opensOnWeekends: boolean,
) => ForecastPoint[];

export interface BandScore {
  horizon: string;
  /** Open days scored (over all origins). */
  days: number;
  mase: number | null;
  /** Sum of absolute errors over the sum of actuals. */
  wape: number | null;
  /** Sum of (forecast − actual) over the sum of actuals: above 0 forecasts too high. */
  bias: number | null;
  /** Share of days inside the 80 % / 95 % interval. */
  coverage80: number | null;
  coverage95: number | null;
}

export interface BacktestRow extends BandScore {
  mape: number | null;
  /** MAE of the model and of the seasonal naive over the same days. */
  modelMae: number | null;
  naiveMae: number | null;
  /** MASE of the yardsticks over the same days. */
  naiveMase: number | null;
  lastYearMase: number | null;
}

export interface BacktestResult {
  origins: LocalDate[];
  rows: BacktestRow[];
  /** MASE over horizons 1–28, the headline figure. */
  mase28: number | null;
  /** The better yardstick's MASE over the same days. */
  yardstickMase28: number | null;
  verdict: string;
}

export interface BacktestOptions {
  origins?: number;
  maxHorizon?: number;
}

/** The last open day before `origin` on the same weekday as `d`: what the seasonal naive forecasts. */
function sameWeekdayBefore(
  byDate: ReadonlyMap<LocalDate, number>,
  d: LocalDate,
  origin: LocalDate,
  opensOnWeekends: boolean,
): number | undefined {
  let x = d;
  while (x >= origin) x = addDays(x, -7);
  for (let k = 0; k < 8; k++, x = addDays(x, -7))
    if (isOpen(x, opensOnWeekends) && byDate.has(x)) return byDate.get(x);
  return undefined;
}

/** The same weekday 52 weeks earlier, or the week before that when it was closed. */
function sameWeekdayLastYear(
  byDate: ReadonlyMap<LocalDate, number>,
  d: LocalDate,
  opensOnWeekends: boolean,
): number | undefined {
  for (const back of [364, 371, 357]) {
    const x = addDays(d, -back);
    if (isOpen(x, opensOnWeekends) && byDate.has(x)) return byDate.get(x);
  }
  return undefined;
}

/** In-sample MAE of "same weekday a week earlier" over pairs of open days in the last year of training. */
export function naiveScale(train: readonly DailyPoint[], opensOnWeekends: boolean): number {
  const byDate = new Map(train.map((p) => [p.date, p.value]));
  let sum = 0;
  let n = 0;
  for (const p of train.slice(-365)) {
    const prev = addDays(p.date, -7);
    const v = byDate.get(prev);
    if (v === undefined || !isOpen(p.date, opensOnWeekends) || !isOpen(prev, opensOnWeekends))
      continue;
    sum += Math.abs(p.value - v);
    n++;
  }
  return n && sum ? sum / n : 1;
}

/** The project's model as a forecaster. */
export const projectModel: Forecaster = (train, horizon, opensOnWeekends) =>
  forecastDays(fitDailyModel(train, opensOnWeekends), horizon);

/** Rolling origins every four weeks across the last year. */
export function backtestOrigins(history: readonly DailyPoint[], count = 12): LocalDate[] {
  const last = history[history.length - 1]!.date;
  return Array.from({ length: count }, (_, i) => addDays(last, -364 + i * 28)).filter(
    (o) => o > history[0]!.date,
  );
}

interface Accumulator {
  n: number;
  absErr: number;
  scaledErr: number;
  err: number;
  actual: number;
  in80: number;
  in95: number;
  ape: number;
  apeN: number;
  naiveAbs: number;
  naiveScaled: number;
  lastYearScaled: number;
}

const emptyAccumulator = (): Accumulator => ({
  n: 0,
  absErr: 0,
  scaledErr: 0,
  err: 0,
  actual: 0,
  in80: 0,
  in95: 0,
  ape: 0,
  apeN: 0,
  naiveAbs: 0,
  naiveScaled: 0,
  lastYearScaled: 0,
});

function rowOf(label: string, a: Accumulator): BacktestRow {
  const per = (x: number) => (a.n ? x / a.n : null);
  const ofActual = (x: number) => (a.actual ? x / a.actual : null);
  return {
    horizon: label,
    days: a.n,
    mase: per(a.scaledErr),
    wape: ofActual(a.absErr),
    bias: ofActual(a.err),
    coverage80: per(a.in80),
    coverage95: per(a.in95),
    mape: a.apeN ? a.ape / a.apeN : null,
    modelMae: per(a.absErr),
    naiveMae: per(a.naiveAbs),
    naiveMase: per(a.naiveScaled),
    lastYearMase: per(a.lastYearScaled),
  };
}

/**
 * Scores a forecaster over rolling origins. Only open days with both yardsticks known count,
 * so every method and yardstick is measured on the same days.
 */
export function backtest(
  history: readonly DailyPoint[],
  opensOnWeekends: boolean,
  options: BacktestOptions = {},
  forecaster: Forecaster = projectModel,
): BacktestResult {
  const byDate = new Map(history.map((p) => [p.date, p.value]));
  const last = history[history.length - 1]!.date;
  const maxHorizon = options.maxHorizon ?? 182;
  const origins: LocalDate[] = [];
  const bands = HORIZON_BANDS.map(emptyAccumulator);
  const all28 = emptyAccumulator();
  for (const origin of backtestOrigins(history, options.origins)) {
    const train = history.filter((p) => p.date < origin);
    let forecast: ForecastPoint[];
    try {
      forecast = forecaster(train, maxHorizon, opensOnWeekends);
    } catch (err) {
      // An origin too early for a fit is skipped; anything else is a bug and surfaces.
      if (err instanceof InsufficientHistoryError) continue;
      throw err;
    }
    origins.push(origin);
    const scale = naiveScale(train, opensOnWeekends);
    for (const f of forecast) {
      // The origin itself, the first day not in training, is horizon 1.
      const h = daysBetween(origin, f.date) + 1;
      if (f.date > last || !isOpen(f.date, opensOnWeekends)) continue;
      const actual = byDate.get(f.date);
      const naive = sameWeekdayBefore(byDate, f.date, origin, opensOnWeekends);
      const lastYear = sameWeekdayLastYear(byDate, f.date, opensOnWeekends);
      if (actual === undefined || naive === undefined || lastYear === undefined) continue;
      const band = HORIZON_BANDS.findIndex(([, lo, hi]) => h >= lo && h <= hi);
      if (band < 0) continue;
      for (const a of h <= 28 ? [bands[band]!, all28] : [bands[band]!]) {
        const e = f.forecast - actual;
        a.n++;
        a.absErr += Math.abs(e);
        a.scaledErr += Math.abs(e) / scale;
        a.err += e;
        a.actual += actual;
        if (actual >= f.lower80 && actual <= f.upper80) a.in80++;
        if (actual >= f.lower95 && actual <= f.upper95) a.in95++;
        if (actual > 0) {
          a.ape += Math.abs(e) / actual;
          a.apeN++;
        }
        a.naiveAbs += Math.abs(naive - actual);
        a.naiveScaled += Math.abs(naive - actual) / scale;
        a.lastYearScaled += Math.abs(lastYear - actual) / scale;
      }
    }
  }
  const rows = HORIZON_BANDS.map(([label], i) => rowOf(label, bands[i]!));
  const head = rowOf('1–28 Tage', all28);
  const yardstick =
    head.naiveMase === null || head.lastYearMase === null
      ? null
      : Math.min(head.naiveMase, head.lastYearMase);
  return {
    origins,
    rows,
    mase28: head.mase,
    yardstickMase28: yardstick,
    verdict: verdictOf(head.mase, yardstick),
  };
}

function verdictOf(mase: number | null, yardstick: number | null): string {
  if (mase === null || yardstick === null) return 'zu wenig Historie für einen Rückblicktest';
  const m = mase.toFixed(2).replace('.', ',');
  const y = yardstick.toFixed(2).replace('.', ',');
  if (mase < 0.8 * yardstick)
    return `MASE ${m}: deutlich besser als der bessere einfache Vergleich (Vorwoche oder Vorjahr, MASE ${y})`;
  if (mase < yardstick)
    return `MASE ${m}: etwas besser als der bessere einfache Vergleich (Vorwoche oder Vorjahr, MASE ${y})`;
  return `MASE ${m}: nicht besser als „wie in der Vorwoche“ oder „wie im Vorjahr“ (MASE ${y}) – mit Vorsicht verwenden`;
}
