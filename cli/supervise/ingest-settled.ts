import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until the ingest service reports through `GET /v1/health` (with an ingest token:
 * only then does the answer carry the details) that everything spooled is in ClickHouse
 * and the rollups include it. A restarting service or a 503 (degraded) is waited out.
 */
export async function waitForIngestSettled(
  ingestUrl: string,
  token: string,
  pollMs = 250,
): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`${ingestUrl}/v1/health`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await res.json()) as { settled?: unknown };
      if (body.settled === true) return;
    } catch {
      // Not answering (restarting) or no JSON: ask again.
    }
    await sleep(pollMs);
  }
}
