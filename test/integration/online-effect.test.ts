import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvent, type Event } from '../../domain/contract/event.ts';
import {
  counterVisitsChange,
  onlineServiceStarts,
} from '../../queries/online/online-effect.query.ts';
import { insertEvents } from '../support/insert-events.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let n = 0;

function visit(day: string, services: string[], outcome = 'completed'): Event {
  const r = validateEvent({
    type: 'visit',
    id: `v${++n}`,
    version: 1,
    site: 'offenbach',
    arrivedAt: `${day}T09:00:00+01:00`,
    team: 'melde-pass',
    services,
    outcome,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value as Event;
}

const permits = (day: string, count: number) =>
  Array.from({ length: count }, () => visit(day, ['BEWOHNERPARK']));

// The online start on Monday 9 March 2026. Before (3 to 8 March): 4, 5, 6, 4, 5, 6 permits a
// day (one of them beside another service), median 5. After: 1, 2, 0, 1, 2 on 9 to 13 March
// (the 0 a day with only a KFZ visit: an opening day), 14 March without any visit (no day),
// and a permit applicant who left on 10 March (not completed): median 1.
const BEFORE = [4, 5, 6, 4, 5, 6];
const AFTER = [1, 2, 0, 1, 2];
const EVENTS = [
  ...BEFORE.flatMap((c, i) => permits(`2026-03-0${3 + i}`, i === 0 ? c - 1 : c)),
  visit('2026-03-03', ['MELD-UM', 'BEWOHNERPARK']),
  ...AFTER.flatMap((c, i) => permits(`2026-03-${String(9 + i).padStart(2, '0')}`, c)),
  ...['03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d) =>
    visit(`2026-03-${d}`, ['KFZ-ZUL']),
  ),
  visit('2026-03-10', ['BEWOHNERPARK'], 'left'),
];

beforeAll(async () => {
  db = await createTestDatabase();
  await insertEvents(db.ingest, EVENTS);
  // The rollup as the writer keeps it, all sites together (site ''): an aborted transaction
  // only on 5 March, the first completed on 9 March; KFZ-ZUL first after the asked end.
  const row = (day: string, service: string, completed: number, aborted: number) => ({
    site: '',
    day,
    service,
    channel: service === 'KFZ-ZUL' ? 'i-kfz' : 'bewohnerparken',
    completed,
    aborted,
    version: 1,
  });
  await db.ingest.insert('online_daily', [
    row('2026-03-05', 'BEWOHNERPARK', 0, 1),
    row('2026-03-09', 'BEWOHNERPARK', 3, 0),
    row('2026-03-12', 'BEWOHNERPARK', 2, 0),
    row('2026-04-01', 'KFZ-ZUL', 1, 0),
  ]);
});
afterAll(() => db?.drop());

describe('online starts', () => {
  it('are the first day with a completed transaction per service, up to the end', async () => {
    await expect(onlineServiceStarts(db.reader, { to: '2026-03-31' })).resolves.toEqual([
      { service: 'BEWOHNERPARK', day: '2026-03-09' },
    ]);
  });
});

describe('counter visits before and after an online start', () => {
  it('per opening day, with the process change verdict', async () => {
    const r = await counterVisitsChange(db.reader, {
      date: '2026-03-09',
      service: 'BEWOHNERPARK',
      site: 'offenbach',
      windowDays: 6,
    });
    expect(r.before).toEqual({ from: '2026-03-03', to: '2026-03-08', days: 6, medianVisits: 5 });
    expect(r.after).toEqual({ from: '2026-03-09', to: '2026-03-14', days: 5, medianVisits: 1 });
    expect(r.difference).toBe(-4);
    // Every resampled median after is at most 2, every one before at least 4.
    expect(r.confidenceInterval!.upper).toBeLessThanOrEqual(-2);
    expect(r.verdict).toBe('signifikant weniger');
  });

  it('says too few days below the minimum group size (5), medians still given', async () => {
    const r = await counterVisitsChange(db.reader, {
      date: '2026-03-09',
      service: 'BEWOHNERPARK',
      windowDays: 3,
    });
    expect(r.before).toMatchObject({ days: 3, medianVisits: 5 });
    expect(r.after).toMatchObject({ days: 3, medianVisits: 1 });
    expect(r.verdict).toBe('zu wenige Fälle');
    expect(r.confidenceInterval).toBeNull();
  });
});
