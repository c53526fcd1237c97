/**
 * Alerts end to end: calls posted through the ingest API, the evaluator inside the ingest
 * service, mail at a real SMTP server and a webhook at a real HTTP receiver in this process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestConfig } from '../../ingest/config.ts';
import { loadAlertRules } from '../../ingest/alerts/rules.ts';
import { readNotificationStatus } from '../../queries/alerts/notification-files.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import {
  mailSubject,
  startSmtpServer,
  startWebhookReceiver,
} from '../support/notification-receivers.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const RULE = '115-Servicelevel unter Ziel';
const HALF_HOUR = 1_800_000;
const TICK_MS = 150;

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpServer();
  dir = mkdtempSync(join(tmpdir(), 'lagebild-alerts-'));
});

afterAll(async () => {
  await smtp?.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function settings(name: string, rules: object[], webhookUrl: string) {
  const rulesFile = join(dir, `${name}.json`);
  writeFileSync(rulesFile, JSON.stringify({ rules }));
  const base = ingestConfig().notifications;
  return {
    ...base,
    smtp: { ...base.smtp, host: '127.0.0.1', port: smtp.port, from: 'lagebild@example.org' },
    failuresFile: join(dir, `${name}-failures.json`),
    alerts: {
      rulesFile,
      stateFile: join(dir, `${name}-state.json`),
      intervalMs: TICK_MS,
      mailTo: ['leitung@example.org'],
      webhookUrl,
    },
    briefing: { ...base.briefing, to: [] },
  };
}

const statusOf = (c: ReturnType<typeof settings>) =>
  readNotificationStatus({ stateFile: c.alerts.stateFile, failuresFile: c.failuresFile });

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** `n` calls offered at `at`, answered within 10 s or not at all. */
function calls(prefix: string, n: number, at: number, answered: boolean) {
  return Array.from({ length: n }, (_, i) => ({
    type: 'call',
    id: `${prefix}-${i}`,
    site: 'offenbach',
    offeredAt: new Date(at + i * 100).toISOString(),
    ...(answered
      ? { answeredAt: new Date(at + i * 100 + 10_000).toISOString(), talkSeconds: 90 }
      : {}),
  }));
}

async function post(ingest: TestIngest, events: object[]): Promise<void> {
  const res = await ingest.post(JSON.stringify(events));
  expect(res.status).toBe(202);
  await ingest.drained();
}

describe('the 115 service-level rule', () => {
  it('sends one mail and one webhook call when it starts and one each when it ends, never again in between', async () => {
    const hook = await startWebhookReceiver();
    const config = settings('sl', [{ kind: 'service-level', name: RULE, halfHours: 2 }], hook.url);
    const now = Date.now();
    const current = Math.floor(now / HALF_HOUR) * HALF_HOUR;
    // Two half hours of today, the current one and the one before, with unanswered calls.
    const slots = [current - HALF_HOUR / 2, current + Math.floor((now - current) / 2)];
    let ingest = await startTestIngest(db.name, { notifications: config });
    try {
      await post(ingest, [
        ...calls('lost-a', 8, slots[0]!, false),
        ...calls('lost-b', 8, slots[1]! - 1_000, false),
      ]);
      await until('the start', () => smtp.mails.length >= 1 && hook.calls.length >= 1);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.to).toEqual(['leitung@example.org']);
      expect(mailSubject(smtp.mails[0]!.raw)).toBe(`Lagebild-Alarm ausgelöst: ${RULE}`);
      expect(hook.calls[0]).toMatchObject({ rule: RULE, state: 'started', value: 0, limit: 0.75 });
      expect(Date.parse(String(hook.calls[0]!.time))).toBeGreaterThanOrEqual(now - 1000);
      expect(statusOf(config).active.map((a) => a.rule)).toEqual([RULE]);

      // While it holds: several evaluations, and a restart of the evaluator, send nothing.
      await sleep(TICK_MS * 6);
      await ingest.stop();
      ingest = await startTestIngest(db.name, { notifications: config });
      await sleep(TICK_MS * 6);
      expect(smtp.mails).toHaveLength(1);
      expect(hook.calls).toHaveLength(1);

      // Answered calls bring both half hours back over 75 %.
      await post(ingest, [
        ...calls('kept-a', 40, slots[0]! + 2_000, true),
        ...calls('kept-b', 40, slots[1]! - 5_000, true),
      ]);
      await until('the end', () => smtp.mails.length >= 2 && hook.calls.length >= 2);
      expect(mailSubject(smtp.mails[1]!.raw)).toBe(`Lagebild-Alarm beendet: ${RULE}`);
      expect(hook.calls[1]).toMatchObject({ rule: RULE, state: 'ended', limit: 0.75 });
      expect(hook.calls[1]!.value).toBeCloseTo(40 / 48, 5);
      await sleep(TICK_MS * 6);
      expect(smtp.mails).toHaveLength(2);
      expect(hook.calls).toHaveLength(2);
      expect(statusOf(config).active).toEqual([]);
    } finally {
      await ingest.stop();
      await hook.close();
    }
  });
});

describe('a failed delivery', () => {
  it('is recorded and retried at the next evaluation, once', async () => {
    smtp.mails.length = 0;
    const hook = await startWebhookReceiver({ failFirst: 1 });
    const config = settings(
      'backlog',
      [{ kind: 'email-backlog', name: 'Postfach-Rückstand zu groß', limit: 0 }],
      hook.url,
    );
    const ingest = await startTestIngest(db.name, { notifications: config });
    try {
      await post(ingest, [
        { type: 'email', id: 'open-1', site: 'offenbach', receivedAt: new Date().toISOString() },
      ]);
      await until('the retried webhook', () => hook.calls.length >= 1);
      await sleep(TICK_MS * 4);
      expect(hook.refused).toBe(1);
      expect(hook.calls).toHaveLength(1);
      expect(hook.calls[0]).toMatchObject({ state: 'started', value: 1, limit: 0 });
      expect(smtp.mails).toHaveLength(1);
      const status = statusOf(config);
      expect(status.undelivered).toBe(0);
      expect(status.failures).toMatchObject([
        { kind: 'alert', channel: 'webhook', subject: 'Postfach-Rückstand zu groß (ausgelöst)' },
      ]);
    } finally {
      await ingest.stop();
      await hook.close();
    }
  });
});

describe('the rules file', () => {
  it('is refused in German, naming the rule and the field', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        rules: [
          { kind: 'service-level', name: 'Servicelevel', halfHours: 0 },
          { kind: 'wait-p90', name: 'Wartezeit', limitMinuten: 20 },
        ],
      }),
    );
    expect(() => loadAlertRules(file)).toThrow(
      `Alarmregeln ${file}: Regel 1 „Servicelevel“, Feld halfHours ist zu klein (mindestens 1)`,
    );
    expect(() => loadAlertRules(file)).toThrow(/Regel 2 „Wartezeit“.*limitMinuten/);
    expect(loadAlertRules(join(dir, 'fehlt.json'))).toEqual([]);
  });
});
