/** Round steps for a time axis, in seconds: 1, 5, 10, 15, 30 min, 1, 2, 4 h. */
const DURATION_STEPS = [60, 300, 600, 900, 1800, 3600, 7200, 14400];

/**
 * A value axis in seconds that ticks on round minutes: ECharts' own "nice" steps are decimal
 * (500 s, 1000 s) and read as 8:20 or 16:40 min.
 */
export function durationAxis(
  values: readonly number[],
  maxTicks = 6,
): { min: number; max: number; interval: number } {
  const lo = Math.min(0, ...values);
  const hi = Math.max(60, ...values);
  const span = hi - lo;
  const step =
    DURATION_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / 3600) * 3600;
  return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step, interval: step };
}

/** A tick of a time axis: whole minutes or hours, as the axis only ticks on those. */
export function formatDurationTick(seconds: number): string {
  const m = Math.round(seconds / 60);
  if (Math.abs(m) < 60 || m % 60 !== 0) return `${m} min`;
  return `${m / 60} h`;
}
