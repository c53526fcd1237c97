/**
 * The peers the forecast is measured against, as forecasters of the project's backtest:
 * seasonal naive, and from `@bsull/augurs` (Grafana's Rust forecasting library, WASM) MSTL
 * with an AutoETS trend and Prophet with the Hessian holiday calendar. Each sees the same
 * training days and the same calendar of closed days as the project's model.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initSync as initMstl, ets } from '@bsull/augurs/mstl';
import { initSync as initProphet, Prophet, type ProphetHoliday } from '@bsull/augurs/prophet';
import { optimizer } from '@bsull/augurs-prophet-wasmstan';
import { berlinToUtc } from '../calendar/berlin-time.ts';
import { addDays, isoWeekday, yearOf, type LocalDate } from '../calendar/local-date.ts';
import { publicHolidays } from '../calendar/public-holidays.ts';
import { schoolHolidaysBetween } from '../calendar/school-holidays.ts';
import { isWorkingDay } from '../calendar/working-days.ts';
import type { Forecaster } from '../queries/forecast/backtest.ts';
import { isOpen, type DailyPoint, type ForecastPoint } from '../queries/forecast/daily-model.ts';

// In Node the WASM modules are loaded from the package folder, not fetched.
const augursDir = dirname(createRequire(import.meta.url).resolve('@bsull/augurs/mstl'));
initMstl({ module: readFileSync(join(augursDir, 'mstl_bg.wasm')) });
initProphet({ module: readFileSync(join(augursDir, 'prophet_bg.wasm')) });

const closed = (date: LocalDate): ForecastPoint => ({
  date,
  forecast: 0,
  lower80: 0,
  upper80: 0,
  lower95: 0,
  upper95: 0,
});

/** Back from log(1 + x); the peers give no 95 % interval here (NaN: not scored). */
function point(date: LocalDate, mu: number, lo: number, hi: number): ForecastPoint {
  const back = (x: number) => Math.max(0, Math.expm1(x));
  return {
    date,
    forecast: back(mu),
    lower80: back(lo),
    upper80: back(hi),
    lower95: Number.NaN,
    upper95: Number.NaN,
  };
}

const futureDates = (train: readonly DailyPoint[], horizon: number) =>
  Array.from({ length: horizon }, (_, i) => addDays(train[train.length - 1]!.date, i + 1));

/** The same weekday of the last open week before the origin. */
export const seasonalNaive: Forecaster = (train, horizon, opensOnWeekends) => {
  const byDate = new Map(train.map((p) => [p.date, p.value]));
  const last = train[train.length - 1]!.date;
  return futureDates(train, horizon).map((d) => {
    if (!isOpen(d, opensOnWeekends)) return closed(d);
    let x = d;
    while (x > last) x = addDays(x, -7);
    while (!isOpen(x, opensOnWeekends)) x = addDays(x, -7);
    const v = byDate.get(x) ?? 0;
    return { date: d, forecast: v, lower80: v, upper80: v, lower95: v, upper95: v };
  });
};

/**
 * MSTL (weekly and yearly seasonality) with AutoETS on log(1 + x) of every day; public
 * holidays on working days are missing values it imputes, weekends stay zero for the
 * counters, as the weekly pattern carries them.
 */
export const mstlEts: Forecaster = (train, horizon, opensOnWeekends) => {
  const y = train.map((p) =>
    !opensOnWeekends && !isWorkingDay(p.date) && isoWeekday(p.date) <= 5
      ? Number.NaN
      : Math.log1p(p.value),
  );
  const model = ets([7, 365], { impute: true });
  model.fit(y);
  const f = model.predict(horizon, 0.8);
  model.free();
  return futureDates(train, horizon).map((d, i) =>
    isOpen(d, opensOnWeekends)
      ? point(d, f.point[i]!, f.intervals!.lower[i]!, f.intervals!.upper[i]!)
      : closed(d),
  );
};

const seconds = (d: LocalDate) => Math.round(berlinToUtc(d, 12 * 3600).getTime() / 1000);

/** Hessian public holidays (one holiday per name) and the school holidays, as Prophet takes them. */
function hessianCalendar(from: LocalDate, to: LocalDate): Map<string, ProphetHoliday> {
  const out = new Map<string, ProphetHoliday>();
  const add = (name: string, start: LocalDate, end: LocalDate) => {
    const h = out.get(name) ?? { occurrences: [] };
    h.occurrences.push({
      start: seconds(start) - 12 * 3600,
      end: seconds(addDays(end, 1)) - 12 * 3600,
    });
    out.set(name, h);
  };
  for (let y = yearOf(from); y <= yearOf(to); y++)
    for (const [d, name] of publicHolidays(y)) add(name, d, d);
  for (const p of schoolHolidaysBetween(from, to)) add(`Schulferien ${p.kind}`, p.from, p.to);
  return out;
}

/** Prophet on log(1 + x) of the open days, with the Hessian holiday calendar. */
export const prophet: Forecaster = (train, horizon, opensOnWeekends) => {
  const open = train.filter((p) => isOpen(p.date, opensOnWeekends));
  const dates = futureDates(train, horizon);
  const model = new Prophet({
    optimizer,
    holidays: hessianCalendar(train[0]!.date, dates[dates.length - 1]!),
    intervalWidth: 0.8,
    uncertaintySamples: 300,
  });
  model.fit({ ds: open.map((p) => seconds(p.date)), y: open.map((p) => Math.log1p(p.value)) });
  const openDates = dates.filter((d) => isOpen(d, opensOnWeekends));
  const pred = model.predict({ ds: openDates.map(seconds) });
  model.free();
  const byDate = new Map(
    openDates.map((d, i) => [
      d,
      point(d, pred.yhat.point[i]!, pred.yhat.intervals!.lower[i]!, pred.yhat.intervals!.upper[i]!),
    ]),
  );
  return dates.map((d) => byDate.get(d) ?? closed(d));
};
