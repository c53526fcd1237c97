/**
 * Targets the KPIs are judged against, and the knobs of the definitions. The thresholds the
 * 115 network fixes (30 s) and the other constants of the definitions are in the KPI
 * registry (`kpis/definitions.ts`); the shares to reach are the office's own, configurable.
 */
import { loadConfig, type Config } from '../config/environment.ts';

/** The KPI settings of the configuration (config/environment.ts, read once per process). */
export function kpiSettings(): Config['kpi'] {
  return loadConfig().kpi;
}

export type KpiSettings = Config['kpi'];

export type TargetStatus = 'met' | 'missed' | 'no_data';

/** `higherIsBetter` false for rates that should stay below their target (no-shows). */
export function judge(value: number | null, target: number, higherIsBetter = true): TargetStatus {
  if (value === null || Number.isNaN(value)) return 'no_data';
  return (higherIsBetter ? value >= target : value <= target) ? 'met' : 'missed';
}
