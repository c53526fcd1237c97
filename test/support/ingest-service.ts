import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addToken } from '../../ingest/auth/token-store.ts';
import { ingestConfig, type IngestConfig } from '../../ingest/config.ts';
import { startIngestService, type IngestService } from '../../ingest/service.ts';
import type { WarehouseConfig } from '../../warehouse/config.ts';

export interface TestIngest {
  service: IngestService;
  token: string;
  dir: string;
  post(
    body: string | Buffer,
    contentType?: string,
    token?: string,
  ): Promise<{ status: number; json: unknown; headers: Headers }>;
  /** Waits until everything spooled so far is in ClickHouse, rollups included. */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestIngest(
  database: string,
  overrides: Partial<IngestConfig> = {},
  warehouse?: WarehouseConfig,
): Promise<TestIngest> {
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-ingest-'));
  const tokenFile = join(dir, 'tokens.json');
  const token = addToken({ name: 'test-source', scope: 'ingest' }, tokenFile);
  const service = await startIngestService(
    {
      ...ingestConfig(),
      port: 0,
      spoolDir: join(dir, 'spool'),
      flushMs: 200,
      rollupIntervalMs: 0,
      ...overrides,
    },
    {
      database,
      tokenFile,
      warehouse,
      log: (msg) => {
        if (!msg.startsWith('Spool enthält')) console.error(msg);
      },
    },
  );
  return {
    service,
    token,
    dir,
    async post(body, contentType = 'application/json', bearer = token) {
      const res = await fetch(`${service.url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': contentType },
        body,
      });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, json, headers: res.headers };
    },
    async drained(timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (!service.settled()) {
        if (Date.now() > end)
          throw new Error(`spool not drained: ${JSON.stringify(service.spool.stats())}`);
        await sleep(50);
      }
    },
    async stop() {
      await service.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
