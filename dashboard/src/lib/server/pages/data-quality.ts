/**
 * Datenqualität: rejects, unknown service codes, late events and the last delivery per
 * source in the period, beside what the ingest service tells about itself (spool, last
 * flush, rollups).
 */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import { loadConfig } from '../../../../../config/environment.ts';
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { dataQuality } from '../../../../../queries/data-quality/data-quality.query.ts';
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

export async function dataQualityData(wh: Warehouse, p: { period: Period; page: number }) {
  const [dq, health] = await Promise.all([
    dataQuality(wh, { ...p.period, page: p.page }),
    ingestHealth(),
  ]);
  return { period: p.period, dq, health };
}
