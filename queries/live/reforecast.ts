/**
 * The rest of today from the morning's actuals: the day's forecast times the share of the
 * day the intraday profile puts before now gives what was expected so far; the forecast is
 * scaled by actual / expected, and what is left of it is the reforecast of the rest.
 */
export const HALF_HOUR_MINUTES = 30;

/** Before this many contacts were due, actual / expected is noise: the forecast stands. */
export const MIN_EXPECTED = 5;

/** Share of the day the profile puts before `minute` of the local day (the current half hour pro rata). */
export function shareBefore(profile: ReadonlyMap<number, number>, minute: number): number {
  let share = 0;
  for (const [start, s] of profile) {
    const passed = Math.min(HALF_HOUR_MINUTES, Math.max(0, minute - start));
    share += (s * passed) / HALF_HOUR_MINUTES;
  }
  return share;
}

export interface Reforecast {
  actual: number;
  /** The day's forecast made before the day began; null without enough history. */
  forecast: number | null;
  /** Forecast × share of the day before now. */
  expectedSoFar: number | null;
  /** Actual so far plus the rest of the day scaled by actual / expected. */
  reforecast: number | null;
  rest: number | null;
}

export function reforecast(
  actual: number,
  dayForecast: number | null,
  shareSoFar: number,
): Reforecast {
  if (dayForecast === null)
    return { actual, forecast: null, expectedSoFar: null, reforecast: null, rest: null };
  const expected = dayForecast * shareSoFar;
  const factor = expected >= MIN_EXPECTED ? actual / expected : 1;
  const rest = dayForecast * factor * Math.max(0, 1 - shareSoFar);
  return {
    actual,
    forecast: dayForecast,
    expectedSoFar: expected,
    reforecast: actual + rest,
    rest,
  };
}
