/**
 * Rolling-origin backtest: from origins spread over the last year, fit on everything before
 * the origin and forecast the following days; MASE against the seasonal-naive forecast (the
 * same weekday a week earlier) and MAPE, per horizon band, so a planner knows how far to
 * trust a forecast.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import {
  fitDailyModel,
  forecastDay,
  InsufficientHistoryError,
  isOpen,
  type DailyPoint,
} from './daily-model.ts';

export const HORIZON_BANDS: ReadonlyArray<[label: string, from: number, to: number]> = [
  ['1–7 Tage', 1, 7],
  ['8–28 Tage', 8, 28],
  ['29–91 Tage', 29, 91],
  ['92–182 Tage', 92, 182],
];

export interface BacktestRow {
  horizon: string;
  days: number;
  mase: number | null;
  mape: number | null;
  /** MAE of the seasonal-naive forecast over the same days, for comparison. */
  naiveMae: number | null;
  modelMae: number | null;
}

export interface BacktestResult {
  origins: LocalDate[];
  rows: BacktestRow[];
  /** MASE over horizons 1–28, the headline figure. */
  mase28: number | null;
  verdict: string;
}

export function backtest(
  history: readonly DailyPoint[],
  opensOnWeekends: boolean,
  options: { origins?: number; maxHorizon?: number } = {},
): BacktestResult {
  const byDate = new Map(history.map((p) => [p.date, p.value]));
  const last = history[history.length - 1]!.date;
  const maxHorizon = options.maxHorizon ?? 182;
  const count = options.origins ?? 12;
  // Origins every four weeks across the last year, each with its full horizon inside the data where possible.
  const origins = Array.from({ length: count }, (_, i) => addDays(last, -364 + i * 28)).filter(
    (o) => o > history[0]!.date,
  );
  const errors = HORIZON_BANDS.map(() => ({ model: 0, naive: 0, ape: 0, apeN: 0, n: 0 }));
  const all28 = { model: 0, naive: 0, n: 0 };
  for (const origin of origins) {
    const train = history.filter((p) => p.date < origin);
    let fitted;
    try {
      fitted = fitDailyModel(train, opensOnWeekends);
    } catch (err) {
      // An origin too early for a fit is skipped; anything else is a bug and surfaces.
      if (err instanceof InsufficientHistoryError) continue;
      throw err;
    }
    for (let h = 1; h <= maxHorizon; h++) {
      const d = addDays(origin, h - 1);
      if (d > last) break;
      if (!isOpen(d, opensOnWeekends)) continue;
      const actual = byDate.get(d);
      // Seasonal naive as the planner would have had it at the origin: the same weekday of the last week before the origin.
      const naiveDay = addDays(d, -7 * Math.ceil(h / 7));
      const naive = byDate.get(naiveDay);
      if (actual === undefined || naive === undefined) continue;
      const f = forecastDay(fitted, d).forecast;
      const band = HORIZON_BANDS.findIndex(([, lo, hi]) => h >= lo && h <= hi);
      if (band < 0) continue;
      const e = errors[band]!;
      e.model += Math.abs(actual - f);
      e.naive += Math.abs(actual - naive);
      e.n++;
      if (actual > 0) {
        e.ape += Math.abs(actual - f) / actual;
        e.apeN++;
      }
      if (h <= 28) {
        all28.model += Math.abs(actual - f);
        all28.naive += Math.abs(actual - naive);
        all28.n++;
      }
    }
  }
  const rows = HORIZON_BANDS.map(([label], i) => {
    const e = errors[i]!;
    return {
      horizon: label,
      days: e.n,
      mase: e.n && e.naive ? e.model / e.naive : null,
      mape: e.apeN ? e.ape / e.apeN : null,
      naiveMae: e.n ? e.naive / e.n : null,
      modelMae: e.n ? e.model / e.n : null,
    };
  });
  const mase28 = all28.n && all28.naive ? all28.model / all28.naive : null;
  const verdict =
    mase28 === null
      ? 'zu wenig Historie für einen Rückblicktest'
      : mase28 < 0.8
        ? `MASE ${mase28.toFixed(2)} < 0,8: deutlich besser als „wie vor einer Woche“`
        : mase28 < 1
          ? `MASE ${mase28.toFixed(2)}: etwas besser als „wie vor einer Woche“`
          : `MASE ${mase28.toFixed(2)}: nicht besser als „wie vor einer Woche“ – mit Vorsicht verwenden`;
  return { origins, rows, mase28, verdict };
}
