/**
 * Datenqualität: rejects, unknown service codes, late events and the last delivery per
 * source in the period, beside what the ingest service tells about itself (spool, last
 * flush, rollups) and its alerts (holding now, failed mail, webhook and briefing sends).
 */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import { loadConfig } from '../../../../../config/environment.ts';
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { dataQuality } from '../../../../../queries/data-quality/data-quality.query.ts';
import {
  readNotificationStatus,
  readRuleKinds,
  type DeliveryFailure,
  type Notice,
} from '../../../../../queries/alerts/notification-files.ts';
import type { Period } from '../period.ts';

/** Without a token the ingest service tells only `status`; the details need one. */
interface IngestHealth {
  status: string;
  clickhouse?: { reachable: boolean; lastError: string | null };
  spool?: { rows: number; bytes: number; oldestUnflushedAgeSeconds: number; deadSegments: number };
  lastFlush?: { at: string; rows: number; outcome: string } | null;
  /** Absent from ingest services older than the background rollups. */
  rollups?: { pendingDays: number };
}

async function ingestHealth(): Promise<IngestHealth | null> {
  // A metrics token (LAGEBILD_HEALTH_TOKEN) lets this page show the details.
  const { ingestUrl, healthToken: token } = loadConfig().dashboard;
  try {
    const res = await fetch(`${ingestUrl}/v1/health`, {
      signal: AbortSignal.timeout(1500),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return (await res.json()) as IngestHealth;
  } catch {
    return null;
  }
}

export interface Notifications {
  /** Alerts that hold now, with their rule's kind (for the unit) where the rules file names it. */
  active: (Notice & { kind: string | null })[];
  undelivered: number;
  /** Newest first. */
  failures: DeliveryFailure[];
  /** Why the ingest service's files could not be read; the page shows it instead of failing. */
  error: string | null;
}

/** The alert files the ingest service keeps in the shared data folder (Heute shows them too). */
export function notificationStatus(): Notifications {
  const n = loadConfig().ingest.notifications;
  try {
    const status = readNotificationStatus({
      stateFile: n.alerts.stateFile,
      failuresFile: n.failuresFile,
    });
    const kinds = readRuleKinds(n.alerts.rulesFile);
    const active = status.active.map((a) => ({ ...a, kind: kinds.get(a.rule) ?? null }));
    return { ...status, active, error: null };
  } catch (err) {
    return { active: [], undelivered: 0, failures: [], error: (err as Error).message };
  }
}

export async function dataQualityData(wh: Warehouse, p: { period: Period; page: number }) {
  const [dq, health] = await Promise.all([
    dataQuality(wh, { ...p.period, page: p.page }),
    ingestHealth(),
  ]);
  // The page names the retention beside the oldest month kept.
  const { eventYears, rollupYears } = loadConfig().retention;
  return {
    period: p.period,
    dq,
    health,
    notifications: notificationStatus(),
    retention: { eventYears, rollupYears },
  };
}
