import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARISED_ISSUES } from '../../domain/contract/event.ts';
import { MAX_ERROR_CHARS } from '../../ingest/pipeline/accept.ts';
import { MAX_RAW_CHARS } from '../../ingest/pipeline/parse-body.ts';
import { sql } from '../../warehouse/literal.ts';
import { BREAKAGES, validCall, validEmail, validVisit } from '../support/ingest-fixtures.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let ingest: TestIngest;
beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
});
afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

async function eventCount(): Promise<number> {
  const [r] = await db.reader.query<{ n: number }>(
    sql`SELECT (SELECT count() FROM visits FINAL) + (SELECT count() FROM calls FINAL) + (SELECT count() FROM emails FINAL) AS n`,
  );
  return Number(r?.n);
}

describe('POST /v1/events', () => {
  it('1,000 items with 200 broken in every way the contract forbids: 800 land, 200 rejects with reasons', async () => {
    const items: unknown[] = [];
    const broken = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      if (i % 5 === 4) {
        const [, breakIt] = BREAKAGES[((i / 5) % BREAKAGES.length) | 0]!;
        items.push(breakIt(10_000 + i));
        broken.add(i);
      } else {
        const make = [validCall, validVisit, validEmail][i % 3]!;
        items.push(make(i));
      }
    }
    const res = await ingest.post(JSON.stringify(items));
    expect(res.status).toBe(202);
    const body = res.json as { accepted: number; rejected: { index: number; error: string }[] };
    expect(body.accepted).toBe(800);
    expect(new Set(body.rejected.map((r) => r.index))).toEqual(broken);
    expect(body.rejected.every((r) => r.error.length > 0)).toBe(true);

    await ingest.drained();
    expect(await eventCount()).toBe(800);
    const rejects = await db.reader.query<{ reason: string; n: number }>(
      sql`SELECT reason, count() AS n FROM rejects FINAL GROUP BY reason ORDER BY reason`,
    );
    expect(rejects.reduce((s, r) => s + Number(r.n), 0)).toBe(200);
    expect(rejects.map((r) => r.reason)).toEqual(
      expect.arrayContaining([
        'duration',
        'inconsistent',
        'missing_field',
        'not_an_object',
        'schema',
        'time_order',
        'unknown_field',
        'unknown_type',
      ]),
    );
    const [raw] = await db.reader.query<{ raw: string; source: string }>(
      sql`SELECT raw, source FROM rejects FINAL WHERE reason = 'unknown_field' LIMIT 1`,
    );
    expect(raw?.raw).toContain('"caller"');
    expect(raw?.source).toBe('test-source');
  });

  it('the same batch three times and versions 1, 3, 2: each event once, version 3 kept', async () => {
    const batch = [validCall(1), validVisit(2), validEmail(3)]
      .map((e) => JSON.stringify(e))
      .join('\n');
    for (let i = 0; i < 3; i++)
      expect((await ingest.post(batch, 'application/x-ndjson')).status).toBe(202);
    for (const version of [1, 3, 2]) {
      const res = await ingest.post(
        JSON.stringify([validCall(7777, { version, queue: `v${version}` })]),
      );
      expect(res.status).toBe(202);
    }
    await ingest.drained();
    const rows = await db.reader.query<{ id: string; queue: string; n: number }>(
      sql`SELECT id, any(queue) AS queue, count() AS n FROM calls FINAL WHERE id IN ('C-1', 'C-7777') GROUP BY id ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'C-1', queue: '', n: 1 },
      { id: 'C-7777', queue: 'v3', n: 1 },
    ]);
    const [v] = await db.reader.query<{ n: number }>(
      sql`SELECT count() AS n FROM visits FINAL WHERE id = 'V-2'`,
    );
    expect(Number(v?.n)).toBe(1);
  });

  it('NDJSON: a line that is not JSON is rejected with its line number, the others land', async () => {
    const body = `${JSON.stringify(validCall(501))}\n{"type":"call",\n${JSON.stringify(validCall(502))}\n`;
    const res = await ingest.post(body, 'application/x-ndjson');
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 2, rejected: [{ index: 1, line: 2 }] });
    expect((res.json as { rejected: { error: string }[] }).rejected[0]!.error).toMatch(
      /line 2, column/,
    );
  });

  it('text with quotes, backslashes, tabs, line breaks and control bytes is stored as sent', async () => {
    // Rows travel as TabSeparated: every character its escaping touches, in a valid visit
    // (printable text only, as the contract demands) and in the raw text of a reject.
    const desk = `Platz "7" \\ 'Süd' ☎ \\N`;
    const agent = "O'Brien\\t\\n";
    const garbage = `\u0000\b\f\r\t'\\x['a']\\\\ä MARKER-TSV`;
    const body = `${JSON.stringify(validVisit(601, { id: 'V-text', desk, agent }))}\n${garbage}\n`;
    const res = await ingest.post(body, 'application/x-ndjson');
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 1, rejected: [{ index: 1, line: 2 }] });
    await ingest.drained();
    const [visit] = await db.reader.query<{ desk: string; agent: string }>(
      sql`SELECT desk, agent FROM visits FINAL WHERE id = 'V-text'`,
    );
    expect(visit).toEqual({ desk, agent });
    const rejects = await db.reader.query<{ raw: string }>(
      sql`SELECT raw FROM rejects FINAL WHERE endsWith(raw, 'MARKER-TSV')`,
    );
    expect(rejects).toEqual([{ raw: garbage }]);
  });
});

describe('malformed requests get a 4xx and the service keeps serving', () => {
  it.each([
    ['truncated JSON', 400, '[{"type":"call","id":"x"', 'application/json'],
    [
      'binary garbage as NDJSON',
      400,
      Buffer.from([0, 255, 1, 2, 0x7b, 13, 10, 0xfe]),
      'application/x-ndjson',
    ],
    ['binary garbage as JSON', 400, Buffer.from([0xff, 0xfe, 0, 0x5b]), 'application/json'],
    ['deeply nested JSON', 400, '['.repeat(100_000) + ']'.repeat(100_000), 'application/json'],
    ['an object instead of an array', 400, JSON.stringify(validCall(1)), 'application/json'],
    ['an empty body', 400, '', 'application/json'],
    ['wrong content type', 415, JSON.stringify([validCall(1)]), 'text/csv'],
  ] as const)('%s → %i', async (_name, status, body, type) => {
    const res = await ingest.post(body, type);
    expect(res.status).toBe(status);
    expect((res.json as { error: string }).error.length).toBeGreaterThan(0);
  });

  it('a syntax error is reported with its line and column', async () => {
    const res = await ingest.post('[\n  {"type": "call",\n   "id": }\n]');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ line: 3, column: 10 });
  });

  it('a 50 MB body → 413', async () => {
    const res = await ingest.post(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(res.status).toBe(413);
  });

  it('huge strings inside an item are rejected per item, raw text clipped', async () => {
    const res = await ingest.post(
      JSON.stringify([validCall(900, { queue: 'q'.repeat(5_000_000) }), validCall(901)]),
    );
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 1, rejected: [{ index: 0, id: 'C-900' }] });
  });

  it('no token or a wrong token → 401', async () => {
    expect((await ingest.post('[]', 'application/json', '')).status).toBe(401);
    expect((await ingest.post('[]', 'application/json', 'lbi_wrong')).status).toBe(401);
  });

  it('still accepts valid events afterwards, and health and metrics answer', async () => {
    const res = await ingest.post(JSON.stringify([validCall(999)]));
    expect(res).toMatchObject({ status: 202, json: { accepted: 1, rejected: [] } });
    await ingest.drained();
    const health = await ingest.get('/v1/health', ingest.token);
    expect(health.json).toMatchObject({
      status: 'ok',
      settled: true,
      clickhouse: { reachable: true },
      spool: { rows: 0, deadSegments: 0 },
    });
    const metrics = await ingest.get('/metrics', ingest.metricsToken);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /lagebild_ingest_accepted_total\{source="test-source",type="calls"\} \d+/,
    );
    expect(metrics.text).toMatch(/lagebild_ingest_flushes_total\{trigger="\w+",outcome="ok"\} \d+/);
  });
});

describe('reject error text', () => {
  it('an item with 200,000 unknown keys stores a bounded error naming the first keys and the count', async () => {
    const item: Record<string, unknown> = validCall(1200, { id: 'C-many-keys' });
    for (let k = 0; k < 200_000; k++) item[`unbekannt_${k}`] = k;
    const res = await ingest.post(JSON.stringify([item, validCall(1201)]));
    expect(res.status).toBe(202);
    const body = res.json as { accepted: number; rejected: { error: string }[] };
    expect(body.accepted).toBe(1);
    const answered = body.rejected[0]!.error;
    expect(answered.length).toBeLessThanOrEqual(MAX_ERROR_CHARS + 1);
    await ingest.drained();
    const [row] = await db.reader.query<{ error: string; raw_length: number; reason: string }>(
      sql`SELECT error, lengthUTF8(raw) AS raw_length, reason FROM rejects FINAL WHERE event_id = 'C-many-keys'`,
    );
    expect(row?.reason).toBe('unknown_field');
    expect(row!.error.length).toBeLessThanOrEqual(MAX_ERROR_CHARS + 1);
    expect(Number(row!.raw_length)).toBeLessThanOrEqual(MAX_RAW_CHARS + 1);
    for (let k = 0; k < SUMMARISED_ISSUES; k++) expect(row!.error).toContain(`unbekannt_${k}:`);
    expect(row!.error).not.toContain(`unbekannt_${SUMMARISED_ISSUES}:`);
    expect(row!.error).toContain(`and ${200_000 - SUMMARISED_ISSUES} more`);
    expect(row!.error).toBe(answered);
  });

  it('one key of a megabyte is cut to the bound as well', async () => {
    const res = await ingest.post(
      JSON.stringify([validCall(1202, { id: 'C-long-key', ['k'.repeat(1_000_000)]: 1 })]),
    );
    expect(res.status).toBe(202);
    await ingest.drained();
    const [row] = await db.reader.query<{ n: number }>(
      sql`SELECT lengthUTF8(error) AS n FROM rejects FINAL WHERE event_id = 'C-long-key'`,
    );
    expect(Number(row?.n)).toBeLessThanOrEqual(MAX_ERROR_CHARS + 1);
  });
});
