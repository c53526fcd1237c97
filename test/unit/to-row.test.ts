import { describe, expect, it } from 'vitest';
import { Random } from '../../demo/random.ts';
import type { CallEvent } from '../../domain/contract/call.ts';
import type { VisitEvent } from '../../domain/contract/visit.ts';
import { callRow, visitRow } from '../../ingest/pipeline/to-row.ts';

const receivedAt = new Date('2026-11-25T06:45:00.250Z');

function call(offeredAt: string, extra: Partial<CallEvent> = {}): CallEvent {
  return { type: 'call', id: 'C-1', site: 'offenbach', offeredAt, ...extra };
}

describe('event rows', () => {
  it('writes instants as UTC text and the Berlin day, across both clock changes', () => {
    const cases: [string, string, string][] = [
      ['2026-11-24T23:30:00Z', '2026-11-24 23:30:00', '2026-11-25'],
      ['2026-06-30T22:00:00Z', '2026-06-30 22:00:00', '2026-07-01'],
      ['2026-06-30T21:59:59.999Z', '2026-06-30 21:59:59', '2026-06-30'],
      ['2026-03-29T03:30:00+02:00', '2026-03-29 01:30:00', '2026-03-29'],
      ['2026-10-25T02:30:00+01:00', '2026-10-25 01:30:00', '2026-10-25'],
      ['2024-02-29T12:00:00+01:00', '2024-02-29 11:00:00', '2024-02-29'],
      ['2026-12-31T23:59:59+01:00', '2026-12-31 22:59:59', '2026-12-31'],
    ];
    for (const [offeredAt, utc, day] of cases) {
      const row = callRow(call(offeredAt), receivedAt);
      expect({ offeredAt, utc: row.offered_at, day: row.day }).toEqual({ offeredAt, utc, day });
    }
  });

  it('formats 10,000 random instants exactly like toISOString', () => {
    const random = new Random(7);
    for (let i = 0; i < 10_000; i++) {
      const ms = Math.floor(random.uniform(0, Date.UTC(2100, 0, 1)));
      const iso = new Date(ms).toISOString();
      const row = callRow(call(iso), receivedAt);
      expect(row.offered_at).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`);
    }
  });

  it('fills every column, with the receipt time as version when the source gives none', () => {
    const visit: VisitEvent = {
      type: 'visit',
      id: 'V-1',
      site: 'offenbach',
      arrivedAt: '2026-11-25T08:05:00+01:00',
      team: 'kfz',
      services: ['KFZ-ZUL'],
      persons: 1,
      outcome: 'completed',
    };
    expect(visitRow(visit, receivedAt)).toEqual({
      id: 'V-1',
      version: receivedAt.getTime(),
      site: 'offenbach',
      day: '2026-11-25',
      deleted: 0,
      ingested_at: '2026-11-25 06:45:00',
      arrived_at: '2026-11-25 07:05:00',
      called_at: null,
      started_at: null,
      ended_at: null,
      booked_at: null,
      slot_start: null,
      team: 'kfz',
      desk: '',
      agent: '',
      services: ['KFZ-ZUL'],
      persons: 1,
      outcome: 'completed',
    });
  });
});
