import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addToken } from '../../auth/token-store.ts';
import { ingestConfig, type IngestConfig } from '../../ingest/config.ts';
import { startIngestService, type IngestService } from '../../ingest/service.ts';
import type { WarehouseConfig } from '../../warehouse/config.ts';

export interface TestIngest {
  service: IngestService;
  /** An ingest token, a metrics token and an annotate token of the service. */
  token: string;
  metricsToken: string;
  annotateToken: string;
  dir: string;
  post(
    body: string | Buffer,
    contentType?: string,
    token?: string,
  ): Promise<{ status: number; json: unknown; headers: Headers }>;
  /** GET `path`, with `bearer` when given; the body as JSON where it is JSON. */
  get(path: string, bearer?: string): Promise<{ status: number; json: unknown; text: string }>;
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
  const metricsToken = addToken({ name: 'test-scraper', scope: 'metrics' }, tokenFile);
  const annotateToken = addToken({ name: 'test-dashboard', scope: 'annotate' }, tokenFile);
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
    metricsToken,
    annotateToken,
    dir,
    async post(body, contentType = 'application/json', bearer = token) {
      const res = await fetch(`${service.url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': contentType },
        body,
      });
      const text = await res.text();
      return { status: res.status, json: jsonOrText(text), headers: res.headers };
    },
    async get(path, bearer) {
      const res = await fetch(`${service.url}${path}`, {
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      });
      const text = await res.text();
      return { status: res.status, json: jsonOrText(text), text };
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

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON: keep the text
  }
}
