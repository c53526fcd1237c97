/**
 * Slow clients over real sockets: one that trickles its body and one that trickles its
 * headers are cut off after the configured time, while other clients keep being served.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lit, sql } from '../../warehouse/literal.ts';
import { validCall } from '../support/ingest-fixtures.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const BODY_TIMEOUT_MS = 1_500;
const HEADERS_TIMEOUT_MS = 1_000;

let db: TestDatabase;
let ingest: TestIngest;
beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name, {
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
  });
});
afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

interface Trickle {
  /** What the server sent before it closed the socket. */
  answer: Promise<{ text: string; closedAfterMs: number }>;
  stop(): void;
}

/** Sends `head` at once, then one byte of `rest` every `everyMs` until the server closes. */
function trickle(head: string, rest: string, everyMs: number): Trickle {
  const { port } = new URL(ingest.service.url);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  const started = Date.now();
  let text = '';
  let i = 0;
  const timer = setInterval(() => {
    if (i < rest.length && socket.writable) socket.write(rest[i++]!);
  }, everyMs);
  socket.on('connect', () => socket.write(head));
  socket.on('data', (d) => (text += d.toString()));
  const answer = new Promise<{ text: string; closedAfterMs: number }>((resolve) => {
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
  });
  return {
    answer,
    stop() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

describe('slow clients', () => {
  it('a client trickling its body is cut off with 408; others are served meanwhile', async () => {
    const body = JSON.stringify([validCall(1, { id: 'C-slow' })]);
    const slow = trickle(
      `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ingest.token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      100,
    );
    try {
      // While the slow body trickles, ordinary posts and health checks get their answers.
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        const res = await ingest.post(JSON.stringify([validCall(10 + i)]));
        expect(res.status).toBe(202);
        expect(Date.now() - t0).toBeLessThan(500);
      }
      expect((await ingest.get('/v1/health')).status).toBe(200);
      const { text, closedAfterMs } = await slow.answer;
      expect(text).toMatch(/^HTTP\/1\.1 408/);
      expect(closedAfterMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 100);
      // Checked every quarter of the headers timeout at most: the limit holds within that.
      expect(closedAfterMs).toBeLessThan(BODY_TIMEOUT_MS + 1_000);
      console.info(`slow body: 408 and closed after ${closedAfterMs} ms`);
    } finally {
      slow.stop();
    }
    await ingest.drained();
    const [row] = await db.reader.query<{ n: number }>(
      sql`SELECT count() AS n FROM calls FINAL WHERE id = ${lit.string('C-slow')}`,
    );
    expect(Number(row?.n)).toBe(0);
  });

  it('a client trickling its headers is cut off after the headers timeout', async () => {
    const slow = trickle(
      'GET /v1/health HTTP/1.1\r\n',
      `Host: x\r\nX-Slow: ${'a'.repeat(200)}`,
      100,
    );
    try {
      const { text, closedAfterMs } = await slow.answer;
      expect(text).toMatch(/^HTTP\/1\.1 408/);
      expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 1_000);
      console.info(`slow headers: 408 and closed after ${closedAfterMs} ms`);
    } finally {
      slow.stop();
    }
    expect((await ingest.post(JSON.stringify([validCall(20)]))).status).toBe(202);
  });
});
