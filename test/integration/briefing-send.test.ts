/**
 * The Morgenbriefing by mail: `lagebild briefing send` (a spawned CLI) fetches the PDF from a
 * running test dashboard and delivers it to a real SMTP server in this process; and the
 * schedule never sends on a weekend or a Hessian public holiday.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTokens } from '../../auth/token-store.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import {
  briefingDateFor,
  briefingTimeOn,
  nextBriefingAt,
} from '../../ingest/alerts/briefing-schedule.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { validCall, validVisit } from '../support/ingest-fixtures.ts';
import { startTestIngest } from '../support/ingest-service.ts';
import { mailSubject, startSmtpServer } from '../support/notification-receivers.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('the schedule', () => {
  it('sends at 07:30 Berlin time on working days, the working day before', () => {
    // Tuesday in winter (CET) and in summer (CEST).
    expect(briefingTimeOn('2026-12-01', '07:30')).toEqual(new Date('2026-12-01T06:30:00Z'));
    expect(briefingTimeOn('2026-06-02', '07:30')).toEqual(new Date('2026-06-02T05:30:00Z'));
    expect(briefingDateFor('2026-12-01')).toBe('2026-11-30');
    expect(briefingDateFor('2026-11-30')).toBe('2026-11-27'); // Monday: Friday
  });

  it('sends nothing on a Hessian public holiday or a weekend', () => {
    for (const holiday of ['2026-12-25', '2027-03-26', '2027-03-29', '2026-06-04', '2026-10-03'])
      expect(briefingTimeOn(holiday, '07:30'), holiday).toBeNull();
    expect(briefingTimeOn('2026-12-05', '07:30')).toBeNull(); // Saturday
    // From Christmas Eve's morning: over both holidays and the weekend to Monday.
    expect(nextBriefingAt(new Date('2026-12-24T07:00:00Z'), '07:30')).toEqual(
      new Date('2026-12-28T06:30:00Z'),
    );
    // Good Friday to Easter Monday, over the change to summer time.
    expect(nextBriefingAt(new Date('2027-03-25T07:00:00Z'), '07:30')).toEqual(
      new Date('2027-03-30T05:30:00Z'),
    );
    // After Easter Monday the briefing covers the Thursday before Good Friday.
    expect(briefingDateFor('2027-03-30')).toBe('2027-03-25');
  });
});

const DAY = '2026-11-24';

let db: TestDatabase;
let dash: TestDashboard;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const ingest = await startTestIngest(db.name);
  try {
    const events = [
      ...Array.from({ length: 20 }, (_, i) => validCall(i)),
      ...Array.from({ length: 20 }, (_, i) => validVisit(i)),
    ];
    expect((await ingest.post(JSON.stringify(events))).status).toBe(202);
    await ingest.drained();
  } finally {
    await ingest.stop();
  }
  dash = await startTestDashboard(db.name);
  smtp = await startSmtpServer();
  dataDir = mkdtempSync(join(tmpdir(), 'lagebild-briefing-'));
});

afterAll(async () => {
  await smtp?.close();
  await dash?.stop();
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'cli/lagebild.mjs'), ...args], {
    env: {
      ...process.env,
      LAGEBILD_DATA_DIR: dataDir,
      LAGEBILD_TOKEN_FILE: dash.tokenFile,
      LAGEBILD_ORIGIN: dash.url,
      LAGEBILD_SMTP_HOST: '127.0.0.1',
      LAGEBILD_SMTP_PORT: String(smtp.port),
      LAGEBILD_SMTP_FROM: 'lagebild@example.org',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('lagebild briefing send', () => {
  it('mails the briefing of the day as a one-page PDF', async () => {
    const run = await cli(['briefing', 'send', '--date', DAY, '--to', 'x@example.org']);
    expect(run.out).toContain(`Morgenbriefing ${DAY} an x@example.org versandt.`);
    expect(run.code).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['x@example.org']);
    expect(mailSubject(mail.raw)).toBe('Morgenbriefing: Dienstag, 24. November 2026');
    const part = /Content-Type: application\/pdf[^]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(mail.raw);
    expect(part, 'a PDF attachment').not.toBeNull();
    expect(mail.raw).toContain(`filename=morgenbriefing-${DAY}.pdf`);
    const pdf = Buffer.from(part![1]!.replace(/\r\n/g, ''), 'base64').toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(1);
    // The token made for the send is gone again.
    expect(readTokens(dash.tokenFile).filter((t) => t.source === 'briefing')).toEqual([]);
  });

  it('refuses a bad address, and a send without recipients, with exit code 2', async () => {
    const bad = await cli(['briefing', 'send', '--to', 'niemand']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('expected a mail address');
    const none = await cli(['briefing', 'send']);
    expect(none.code).toBe(2);
    expect(none.out).toContain('keine Empfänger');
  });
});
