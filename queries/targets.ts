/**
 * Targets the KPIs are judged against, and the knobs of the definitions. The thresholds the
 * 115 network fixes (30 s) and the other constants of the definitions are in the KPI
 * registry (`kpis/definitions.ts`); the shares to reach are the office's own, configurable.
 */
function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`${name}="${raw}" is not a non-negative number`);
  return n;
}

export function kpiSettings() {
  return {
    /** Abandons within this many seconds are not counted as offered (design.md). */
    shortAbandonSeconds: envNumber('LAGEBILD_SHORT_ABANDON_SECONDS', 5),
    /** Cells with fewer records show no figure ("zu wenige Fälle"). */
    minGroup: envNumber('LAGEBILD_MIN_GROUP', 5),
    targets: {
      serviceLevel: envNumber('LAGEBILD_TARGET_SERVICE_LEVEL', 0.75),
      firstContactResolution: envNumber('LAGEBILD_TARGET_FCR', 0.65),
      waitedUnder15Share: envNumber('LAGEBILD_TARGET_WAIT_UNDER_15', 0.8),
      answeredWithin24h: envNumber('LAGEBILD_TARGET_EMAIL_24H', 0.9),
      noShowRate: envNumber('LAGEBILD_TARGET_NO_SHOW', 0.1),
    },
  };
}

export type KpiSettings = ReturnType<typeof kpiSettings>;

export type TargetStatus = 'met' | 'missed' | 'no_data';

/** `higherIsBetter` false for rates that should stay below their target (no-shows). */
export function judge(value: number | null, target: number, higherIsBetter = true): TargetStatus {
  if (value === null || Number.isNaN(value)) return 'no_data';
  return (higherIsBetter ? value >= target : value <= target) ? 'met' : 'missed';
}
