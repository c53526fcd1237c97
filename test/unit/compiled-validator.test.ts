/**
 * The compiled fast path must never disagree with zod: whatever it accepts, zod accepts,
 * and the other way round. Checked on demo events, on the twenty breakages of the ingest
 * tests and on thousands of seeded mutations of valid events.
 */
import { describe, expect, it } from 'vitest';
import { generateDays } from '../../demo/generator.ts';
import { Random } from '../../demo/random.ts';
import { passesContract } from '../../domain/contract/compiled-validator.ts';
import { eventSchema, validateEvent } from '../../domain/contract/event.ts';
import { BREAKAGES, validCall, validEmail, validVisit } from '../support/ingest-fixtures.ts';

function zodAccepts(item: unknown): boolean {
  return eventSchema.safeParse(structuredClone(item)).success;
}

function fastAccepts(item: unknown): boolean {
  return passesContract(structuredClone(item));
}

const demo = [...generateDays({ from: '2025-03-01', to: '2025-03-14', seed: 3, scale: 1 })]
  .flatMap((d) => d.events)
  .map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);

const REPLACEMENTS: unknown[] = [
  '',
  ' ',
  'x'.repeat(32),
  'x'.repeat(33),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  '😀'.repeat(64),
  '😀'.repeat(65),
  'tab\there',
  'zero\u200bwidth',
  'MELD-UM',
  '-leading-dash',
  'completed',
  'no_show',
  'melde-pass',
  '2025-03-03T08:00:00+01:00',
  '2025-03-03T08:00:00+0100',
  '2025-03-03T08:00:00',
  '2025-03-03T08:00:00.123Z',
  '2025-02-29T08:00:00Z',
  '2024-02-29T08:00:00Z',
  '2025-03-03T24:00:00Z',
  '2025-03-04T21:00:00+01:00',
  '2025-03-02T08:00:00+01:00',
  '1969-12-31T23:59:59Z',
  '2106-01-01T00:00:00+01:00',
  0,
  1,
  -1,
  1.5,
  43_200,
  43_201,
  101,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  false,
  null,
  [],
  ['MELD-UM'],
  ['MELD-UM', 7],
  Array.from({ length: 21 }, () => 'X'),
  {},
  { bookedAt: '2025-03-01T10:00:00Z', slotStart: '2025-03-03T08:00:00+01:00' },
  { bookedAt: '2025-03-04T10:00:00Z', slotStart: '2025-03-03T08:00:00+01:00' },
  { bookedAt: '1960-03-01T10:00:00Z', slotStart: '2025-03-03T08:00:00+01:00' },
  { bookedAt: '2025-03-01T10:00:00Z', slotStart: '2025-03-03T08:00:00+01:00', extra: 1 },
];

const FIELDS = [
  'type',
  'id',
  'version',
  'site',
  'arrivedAt',
  'calledAt',
  'startedAt',
  'endedAt',
  'appointment',
  'team',
  'desk',
  'agent',
  'services',
  'persons',
  'outcome',
  'offeredAt',
  'answeredAt',
  'queue',
  'talkSeconds',
  'holdSeconds',
  'wrapSeconds',
  'transferred',
  'resolvedFirstContact',
  'callbackRequested',
  'topic',
  'receivedAt',
  'firstResponseAt',
  'closedAt',
  'mailbox',
  'resolved',
  'unknownField',
];

function mutate(item: Record<string, unknown>, random: Random): Record<string, unknown> {
  const out = structuredClone(item);
  const edits = 1 + random.int(3);
  for (let k = 0; k < edits; k++) {
    const field = FIELDS[random.int(FIELDS.length)]!;
    if (random.chance(0.25)) delete out[field];
    else out[field] = structuredClone(REPLACEMENTS[random.int(REPLACEMENTS.length)]);
  }
  return out;
}

describe('compiled fast path of the contract', () => {
  it('accepts every demo event, as zod does', () => {
    expect(demo.length).toBeGreaterThan(3_000);
    const disagreeing = demo.filter((e) => fastAccepts(e) !== zodAccepts(e));
    expect(disagreeing).toEqual([]);
    expect(demo.every(fastAccepts)).toBe(true);
  });

  it('refuses each of the twenty breakages, as zod does', () => {
    for (const [name, make] of BREAKAGES) {
      const item = make(1);
      expect({ name, fast: fastAccepts(item), zod: zodAccepts(item) }).toEqual({
        name,
        fast: false,
        zod: false,
      });
    }
  });

  it('agrees with zod on 20,000 seeded mutations of valid events', () => {
    const random = new Random(20261125);
    const bases = [validCall(1), validVisit(1), validEmail(1), ...demo.slice(0, 300)];
    let accepted = 0;
    const disagreeing: unknown[] = [];
    for (let i = 0; i < 20_000; i++) {
      const item = mutate(bases[random.int(bases.length)] as Record<string, unknown>, random);
      const fast = fastAccepts(item);
      if (fast !== zodAccepts(item)) disagreeing.push(item);
      if (fast) accepted++;
    }
    expect(disagreeing.slice(0, 5)).toEqual([]);
    // Both outcomes occur often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(1_000);
    expect(accepted).toBeLessThan(19_000);
  });

  it('fills the default like zod, so accepted items have the output type', () => {
    const visit = validVisit(1) as Record<string, unknown>;
    delete visit.persons;
    const r = validateEvent(visit);
    expect(r.ok && r.value.type === 'visit' && r.value.persons).toBe(1);
  });
});
