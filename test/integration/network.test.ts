/**
 * Netzwerk, worked out by hand on three offices of one day: Offenbach and Dietzenbach (demo
 * names of the registry) side by side, Neu-Isenburg with two records below LAGEBILD_MIN_GROUP
 * (5) suppressed. Also: the site registry's checks name the entry and line that is wrong.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { network } from '../../queries/network/network.query.ts';
import { registeredSites } from '../../queries/sites/site-registry.query.ts';
import { loadSiteRegistry } from '../../domain/sites/site-registry.ts';
import type { Event } from '../../domain/contract/event.ts';
import { rebuildRollups } from '../../ingest/rollups/rebuild.ts';
import { insertEvents } from '../support/insert-events.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const DAY = '2026-03-10';
const at = (hhmm: string) => `${DAY}T${hhmm}:00+01:00`;
const minutes = (base: string, m: number) => {
  const [h, mm] = base.split(':').map(Number) as [number, number];
  const t = h * 60 + mm + m;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

/** A completed walk-in arriving at 08:00 + i h that waited `wait` minutes and was served 10. */
function visit(site: string, i: number, wait: number) {
  const arrived = `${String(8 + i).padStart(2, '0')}:00`;
  return {
    type: 'visit',
    version: 1,
    site,
    team: 'melde-pass',
    id: `v-${site}-${i}`,
    arrivedAt: at(arrived),
    calledAt: at(minutes(arrived, wait)),
    startedAt: at(minutes(arrived, wait)),
    endedAt: at(minutes(arrived, wait + 10)),
    services: ['MELD-AN'],
    outcome: 'completed',
  };
}

/** A 115 call offered at 08:0i, answered after `answer` seconds. */
function call(site: string, i: number, answer: number) {
  return {
    type: 'call',
    version: 1,
    site,
    queue: '115',
    id: `c-${site}-${i}`,
    offeredAt: at(`08:0${i}`),
    answeredAt: `${DAY}T08:0${i}:${String(answer).padStart(2, '0')}+01:00`,
    endedAt: `${DAY}T08:0${i + 1}:59+01:00`,
    talkSeconds: 60,
    resolvedFirstContact: true,
  };
}

/** An email received at 09:00, first answered after `hours`. */
function email(site: string, i: number, hours: number) {
  const answered = new Date(Date.parse(at('09:00')) + hours * 3_600_000).toISOString();
  return {
    type: 'email',
    version: 1,
    site,
    mailbox: 'buergerbuero',
    id: `e-${site}-${i}`,
    receivedAt: at('09:00'),
    firstResponseAt: answered,
    closedAt: answered,
  };
}

const A = 'offenbach';
const B = 'buergerbuero-002';
const C = 'buergerbuero-003';

const EVENTS = [
  // A: waits 5, 10, 20, 30, 40 min (2 of 5 at most 15); a booked visit not come: no-show 1 of 1
  ...[5, 10, 20, 30, 40].map((w, i) => visit(A, i, w)),
  {
    type: 'visit',
    version: 1,
    site: A,
    team: 'melde-pass',
    id: 'v-a-noshow',
    appointment: { bookedAt: '2026-02-20T10:00:00+01:00', slotStart: at('12:00') },
    services: ['PA-ANTRAG'],
    outcome: 'no_show',
  },
  // A: answered after 10, 20, 30 and 45 s: 3 of 4 in 30 s
  ...[10, 20, 30, 45].map((s, i) => call(A, i, s)),
  // A: answered after 6 h and 30 h: 1 of 2 in 24 h
  email(A, 0, 6),
  email(A, 1, 30),
  // B: waits 2, 4, 6 min; two calls in 10 s; one email in an hour
  ...[2, 4, 6].map((w, i) => visit(B, i, w)),
  call(B, 0, 10),
  call(B, 1, 10),
  email(B, 0, 1),
  // C: two records, fewer than 5
  visit(C, 0, 3),
  call(C, 0, 5),
] as unknown as Event[];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertEvents(db.ingest, EVENTS);
  // Sent twice: re-sends never count twice.
  await insertEvents(db.ingest, EVENTS);
  await rebuildRollups(db.ingest, {});
});
afterAll(async () => {
  await db?.drop();
});

describe('Netzwerk, worked out by hand', () => {
  it('shows each office with the KPI registry values and contacts per 1,000 residents', async () => {
    const r = await network(db.reader, { from: DAY, to: DAY });
    expect(r.minGroup).toBe(5);
    expect(r.offices.map((o) => o.site)).toEqual([B, C, A]);
    const a = r.offices.find((o) => o.site === A)!;
    const b = r.offices.find((o) => o.site === B)!;
    expect(a).toMatchObject({ name: 'Bürgerbüro Offenbach am Main', kind: 'office' });
    expect(a.records).toBe(5 + 4 + 2);
    expect(a.suppressed).toBe(false);
    expect(a.values).toMatchObject({
      'visits.contacts': 5,
      'calls.offered': 4,
      'emails.received': 2,
      'visits.waitedUnder15Share': 0.4,
      'visits.noShowRate': 1,
      'calls.serviceLevel': 0.75,
      'emails.answeredWithin24h': 0.5,
    });
    // 11 contacts, 133,000 residents (domain/sites/sites.json)
    expect(a.values.contactsPer1000).toBeCloseTo((11 / 133_000) * 1000, 12);
    expect(b.values).toMatchObject({
      'visits.contacts': 3,
      'calls.offered': 2,
      'emails.received': 1,
      'visits.waitedUnder15Share': 1,
      'visits.noShowRate': null, // no appointments
      'calls.serviceLevel': 1,
      'emails.answeredWithin24h': 1,
    });
    expect(b.values.contactsPer1000).toBeCloseTo((6 / 35_000) * 1000, 12);
    // Every visit was served in 10 minutes.
    expect(a.values['visits.handleP50']).toBeCloseTo(600, 6);
    expect(b.values['visits.handleP90']).toBeCloseTo(600, 6);
  });

  it('suppresses an office below the minimum group: no figure, no rank, not in the spread', async () => {
    const r = await network(db.reader, { from: DAY, to: DAY });
    const c = r.offices.find((o) => o.site === C)!;
    expect(c.records).toBe(2);
    expect(c.suppressed).toBe(true);
    expect(Object.values(c.values).every((v) => v === null)).toBe(true);
    expect(Object.values(c.ranks).every((v) => v === null)).toBe(true);
    expect(r.spread['visits.contacts']).toEqual({ min: 3, median: 4, max: 5, offices: 2 });
  });

  it('ranks by the better direction and gives min, median and max', async () => {
    const r = await network(db.reader, { from: DAY, to: DAY });
    const rank = (site: string) => r.offices.find((o) => o.site === site)!.ranks;
    expect(rank(B)['visits.waitedUnder15Share']).toBe(1);
    expect(rank(A)['visits.waitedUnder15Share']).toBe(2);
    expect(rank(B)['calls.serviceLevel']).toBe(1);
    expect(rank(A)['calls.serviceLevel']).toBe(2);
    // Lower waits are better: B waited less.
    expect(rank(B)['visits.waitP50']).toBe(1);
    // Volumes have no better direction.
    expect(rank(A)['visits.contacts']).toBeNull();
    // Only A has appointments.
    expect(rank(A)['visits.noShowRate']).toBe(1);
    expect(r.spread['calls.serviceLevel']).toEqual({
      min: 0.75,
      median: 0.875,
      max: 1,
      offices: 2,
    });
    expect(r.spread['visits.noShowRate']).toEqual({ min: 1, median: 1, max: 1, offices: 1 });
  });

  it('gives handling times per service and office, small cells suppressed', async () => {
    const r = await network(db.reader, { from: DAY, to: DAY });
    // MELD-AN: A 5 cases, all served in 10 min; B 3 (below 5); C suppressed as an office.
    const meld = r.services.find((s) => s.service === 'MELD-AN')!;
    expect(meld.offices[A]).toMatchObject({ cases: 5, suppressed: false });
    expect(meld.offices[A]!.handleP50).toBeCloseTo(600, 6);
    expect(meld.offices[A]!.handleP90).toBeCloseTo(600, 6);
    expect(meld.offices[B]).toMatchObject({ cases: 3, suppressed: true, handleP50: null });
    expect(meld.offices[C]).toMatchObject({ cases: 1, suppressed: true, handleP50: null });
    expect(meld.spread).toMatchObject({ median: 600, offices: 1 });
    // The no-show has no handling time: PA-ANTRAG has no case.
    expect(r.services.map((s) => s.service)).toEqual(['MELD-AN']);
  });

  it('is empty for a range without events', async () => {
    const r = await network(db.reader, { from: '2026-01-01', to: '2026-01-31' });
    expect(r.offices).toEqual([]);
    expect(r.spread['visits.contacts']).toBeNull();
  });
});

describe('the site registry', () => {
  it('is synced into the warehouse with names, kinds and residents', async () => {
    const sites = await registeredSites(db.reader);
    expect(sites.map((s) => s.code)).toEqual(
      loadSiteRegistry()
        .sites.map((s) => s.code)
        .sort(),
    );
    expect(sites.find((s) => s.code === 'servicecenter-115-rhein-main')).toMatchObject({
      kind: 'service-centre',
      residents: null,
    });
  });

  it('names the entry and line of a bad site', () => {
    const file = join(tmpdir(), `sites-${process.pid}.json`);
    const ok = { code: 'a', name: 'A', kind: 'office', state: 'HE' };
    writeFileSync(
      file,
      JSON.stringify({ sites: [ok, { ...ok, code: 'b', kind: 'rathaus' }] }, null, 2),
    );
    expect(() => loadSiteRegistry(file)).toThrow(/Eintrag 2 \(Zeile 9\): kind/);
    writeFileSync(file, JSON.stringify({ sites: [ok, ok] }, null, 2));
    expect(() => loadSiteRegistry(file)).toThrow(/Eintrag 2 \(Zeile 9\): Kürzel "a" kommt doppelt/);
  });
});
