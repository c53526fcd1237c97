import { error } from '@sveltejs/kit';
import { loadConfig } from '$config/environment.ts';
import { dataQuality } from '$queries/data-quality/data-quality.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

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

export const load: PageServerLoad = guarded(async ({ url }) => {
  const period = periodFromUrl(url, 'monat');
  const pageParam = url.searchParams.get('seite') ?? '1';
  if (!/^[1-9]\d{0,5}$/.test(pageParam)) error(400, `seite: "${pageParam}" ist keine Seitenzahl`);
  const [dq, health] = await Promise.all([
    dataQuality(readerWarehouse(), { ...period, page: Number(pageParam) }),
    ingestHealth(),
  ]);
  return { period, dq, health };
});
