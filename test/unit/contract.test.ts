import { describe, expect, it } from 'vitest';
import { annotationSchema } from '../../domain/contract/annotation.ts';
import { eventSchema, validateEvent, validateWith } from '../../domain/contract/event.ts';
import { rosterEntrySchema } from '../../domain/contract/roster.ts';

const visit = {
  type: 'visit',
  id: 'A-2026-11-25-017',
  version: 2,
  site: 'offenbach',
  arrivedAt: '2026-11-25T08:05:00+01:00',
  calledAt: '2026-11-25T08:12:00+01:00',
  startedAt: '2026-11-25T08:12:30+01:00',
  endedAt: '2026-11-25T08:31:00+01:00',
  appointment: { bookedAt: '2026-11-10T19:00:00Z', slotStart: '2026-11-25T08:00:00+01:00' },
  team: 'melde-pass',
  desk: 'Platz 07',
  agent: 'MA-0123',
  services: ['MELD-UM', 'KIND-PASS'],
  persons: 2,
  outcome: 'completed',
};
const call = {
  type: 'call',
  id: 'C-1',
  site: '115-rhein-main',
  offeredAt: '2026-11-25T09:00:00Z',
  answeredAt: '2026-11-25T09:00:20Z',
  endedAt: '2026-11-25T09:04:00Z',
  queue: '115-allgemein',
  talkSeconds: 180,
  holdSeconds: 12.5,
  wrapSeconds: 40,
  transferred: false,
  resolvedFirstContact: true,
  callbackRequested: false,
  topic: 'PA-ANTRAG',
};
const email = {
  type: 'email',
  id: 'E-1',
  site: 'offenbach',
  receivedAt: '2026-11-24T22:10:00+01:00',
  firstResponseAt: '2026-11-25T09:00:00+01:00',
  closedAt: '2026-11-26T10:00:00+01:00',
  mailbox: 'buergerbuero',
  topic: 'MELD-AN',
  resolved: true,
};

function issuesOf(item: unknown) {
  const r = validateEvent(item);
  return r.ok ? [] : r.issues;
}

function expectIssue(item: unknown, path: string, reason?: string) {
  const issues = issuesOf(item);
  expect(issues.map((i) => i.path)).toContain(path);
  if (reason) expect(issues.find((i) => i.path === path)?.reason).toBe(reason);
}

function without<T extends object>(o: T, key: keyof T): Partial<T> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

describe('valid events pass', () => {
  it.each([
    ['visit with appointment', visit],
    ['walk-in visit', without(visit, 'appointment')],
    [
      'no-show (no arrivedAt)',
      {
        ...without(visit, 'arrivedAt'),
        calledAt: undefined,
        startedAt: undefined,
        endedAt: undefined,
        outcome: 'no_show',
      },
    ],
    [
      'visit without optional fields, persons defaults to 1',
      {
        type: 'visit',
        id: 'x',
        site: 's',
        arrivedAt: '2026-01-01T10:00:00Z',
        team: 'kfz',
        services: ['KFZ-ZUL'],
        outcome: 'left',
      },
    ],
    ['answered call', call],
    ['abandoned call', { type: 'call', id: 'C-2', site: 's', offeredAt: '2026-11-25T09:00:00Z' }],
    ['email', email],
    [
      'email without response',
      { type: 'email', id: 'E-2', site: 's', receivedAt: '2026-11-25T09:00:00Z' },
    ],
  ])('%s', (_name, item) => {
    const clean = JSON.parse(JSON.stringify(item));
    const r = validateEvent(clean);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('fills persons = 1 and keeps version absent (receipt time applies later)', () => {
    const r = validateEvent(without(visit, 'persons'));
    expect(r.ok && r.value.type === 'visit' && r.value.persons).toBe(1);
    const r2 = validateEvent(without(call, 'version' as keyof typeof call));
    expect(r2.ok && r2.value.version).toBeUndefined();
  });
});

describe('envelope rules', () => {
  it('type must be visit, call or email', () => {
    expectIssue({ ...visit, type: 'fax' }, 'type', 'unknown_type');
    expectIssue(without(visit, 'type'), 'type', 'missing_field');
  });
  it('id: 1–128 printable characters', () => {
    expectIssue({ ...visit, id: '' }, 'id');
    expectIssue({ ...visit, id: 'x'.repeat(129) }, 'id');
    expectIssue({ ...visit, id: 'tab\there' }, 'id');
    expect(issuesOf({ ...visit, id: 'x'.repeat(128) })).toEqual([]);
    expect(issuesOf({ ...visit, id: 'Vorgang Nr. 17/ä' })).toEqual([]);
  });
  it('version: non-negative integer', () => {
    expectIssue({ ...visit, version: -1 }, 'version');
    expectIssue({ ...visit, version: 1.5 }, 'version');
    expectIssue({ ...visit, version: '3' }, 'version');
    expect(issuesOf({ ...visit, version: 0 })).toEqual([]);
  });
  it('site: required, 1–64 characters', () => {
    expectIssue(without(visit, 'site'), 'site', 'missing_field');
    expectIssue({ ...visit, site: '' }, 'site');
    expectIssue({ ...visit, site: 's'.repeat(65) }, 'site');
  });
  it('fields not in the contract are rejected, not dropped', () => {
    expectIssue({ ...visit, customerName: 'Erika Mustermann' }, 'customerName', 'unknown_field');
    expectIssue(
      { ...visit, appointment: { ...visit.appointment, room: 'A' } },
      'appointment.room',
      'unknown_field',
    );
  });
  it('times need an offset or Z', () => {
    expectIssue({ ...visit, arrivedAt: '2026-11-25T08:05:00' }, 'arrivedAt');
    expectIssue({ ...visit, arrivedAt: '25.11.2026 08:05' }, 'arrivedAt');
    expect(issuesOf({ ...visit, arrivedAt: '2026-11-25T07:05:00Z' })).toEqual([]);
  });
  it('a non-object item is refused', () => {
    expect(issuesOf([visit])[0]?.reason).toBe('not_an_object');
    expect(issuesOf('visit')[0]?.reason).toBe('not_an_object');
    expect(issuesOf(null)[0]?.reason).toBe('not_an_object');
  });
});

describe('visit rules', () => {
  it('arrivedAt required unless no_show', () => {
    expectIssue(without(visit, 'arrivedAt'), 'arrivedAt', 'missing_field');
  });
  it('no_show needs an appointment', () => {
    expectIssue(
      { ...without(visit, 'appointment'), outcome: 'no_show' },
      'appointment',
      'missing_field',
    );
  });
  it('arrivedAt ≤ calledAt ≤ startedAt ≤ endedAt', () => {
    expectIssue({ ...visit, calledAt: '2026-11-25T08:00:00+01:00' }, 'calledAt', 'time_order');
    expectIssue({ ...visit, startedAt: '2026-11-25T08:11:00+01:00' }, 'startedAt', 'time_order');
    expectIssue({ ...visit, endedAt: '2026-11-25T08:12:00+01:00' }, 'endedAt', 'time_order');
    expect(issuesOf({ ...visit, startedAt: visit.calledAt })).toEqual([]);
  });
  it('bookedAt ≤ slotStart', () => {
    expectIssue(
      {
        ...visit,
        appointment: { bookedAt: '2026-11-26T08:00:00Z', slotStart: visit.appointment.slotStart },
      },
      'appointment.slotStart',
      'time_order',
    );
  });
  it('no duration over 12 h', () => {
    expectIssue({ ...visit, endedAt: '2026-11-25T20:06:00+01:00' }, 'endedAt', 'duration');
    expect(issuesOf({ ...visit, endedAt: '2026-11-25T20:05:00+01:00' })).toEqual([]);
  });
  it('instants storage can hold: 1970 to 2105, else refused instead of stored as zero', () => {
    expectIssue({ ...email, receivedAt: '1969-12-31T23:59:59Z' }, 'receivedAt', 'schema');
    expectIssue({ ...email, closedAt: '2106-01-01T00:00:00Z' }, 'closedAt', 'schema');
    expectIssue(
      {
        ...visit,
        appointment: { bookedAt: '1960-01-01T00:00:00Z', slotStart: '1960-01-02T00:00:00Z' },
      },
      'appointment.bookedAt',
      'schema',
    );
    expectIssue(
      {
        ...call,
        offeredAt: '2110-01-01T09:00:00Z',
        answeredAt: '2110-01-01T09:00:20Z',
        endedAt: '2110-01-01T09:04:00Z',
      },
      'offeredAt',
      'schema',
    );
    expect(
      issuesOf({
        ...email,
        receivedAt: '1970-01-01T00:00:00Z',
        firstResponseAt: undefined,
        closedAt: '2105-12-31T23:59:59Z',
      }),
    ).toEqual([]);
  });
  it('team from the fixed list and required', () => {
    expectIssue({ ...visit, team: 'passstelle' }, 'team');
    expectIssue(without(visit, 'team'), 'team', 'missing_field');
  });
  it('services: 1–20 codes', () => {
    expectIssue({ ...visit, services: [] }, 'services');
    expectIssue({ ...visit, services: Array.from({ length: 21 }, (_, i) => `S${i}`) }, 'services');
    expectIssue({ ...visit, services: ['ok', 'not ok'] }, 'services[1]');
    expect(issuesOf({ ...visit, services: ['UNBEKANNT-99'] })).toEqual([]);
  });
  it('persons: integer ≥ 1', () => {
    expectIssue({ ...visit, persons: 0 }, 'persons');
    expectIssue({ ...visit, persons: 1.5 }, 'persons');
  });
  it('outcome from the fixed list', () => {
    expectIssue({ ...visit, outcome: 'done' }, 'outcome');
    expectIssue(without(visit, 'outcome'), 'outcome', 'missing_field');
  });
  it('reports every problem of an item at once, each with its path', () => {
    const issues = issuesOf({
      ...visit,
      persons: 0,
      team: 'x',
      extra: 1,
      calledAt: '2026-11-25T08:00:00+01:00',
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['calledAt', 'extra', 'persons', 'team']);
  });
});

describe('call rules', () => {
  it('offeredAt required', () => {
    expectIssue(without(call, 'offeredAt'), 'offeredAt', 'missing_field');
  });
  it('offeredAt ≤ answeredAt ≤ endedAt', () => {
    expectIssue({ ...call, answeredAt: '2026-11-25T08:59:59Z' }, 'answeredAt', 'time_order');
    expectIssue({ ...call, endedAt: '2026-11-25T09:00:10Z' }, 'endedAt', 'time_order');
  });
  it('talk, hold and wrap seconds ≥ 0 and at most 12 h', () => {
    expectIssue({ ...call, talkSeconds: -1 }, 'talkSeconds');
    expectIssue({ ...call, holdSeconds: 43_201 }, 'holdSeconds');
    expectIssue({ ...call, wrapSeconds: '40' }, 'wrapSeconds');
  });
  it('booleans are booleans', () => {
    expectIssue({ ...call, transferred: 'ja' }, 'transferred');
    expectIssue({ ...call, resolvedFirstContact: 1 }, 'resolvedFirstContact');
    expectIssue({ ...call, callbackRequested: null }, 'callbackRequested');
  });
  it('an abandoned call cannot have talk time or a first-contact resolution', () => {
    expectIssue(
      { ...without(call, 'answeredAt'), endedAt: undefined },
      'talkSeconds',
      'inconsistent',
    );
  });
});

describe('email rules', () => {
  it('receivedAt required', () => {
    expectIssue(without(email, 'receivedAt'), 'receivedAt', 'missing_field');
  });
  it('firstResponseAt and closedAt not before receivedAt; no 12 h limit', () => {
    expectIssue(
      { ...email, firstResponseAt: '2026-11-24T22:00:00+01:00' },
      'firstResponseAt',
      'time_order',
    );
    expectIssue({ ...email, closedAt: '2026-11-24T21:00:00+01:00' }, 'closedAt', 'time_order');
    expect(issuesOf({ ...email, closedAt: '2026-12-24T10:00:00+01:00' })).toEqual([]);
  });
  it('resolved is a boolean', () => {
    expectIssue({ ...email, resolved: 'yes' }, 'resolved');
  });
});

describe('online rules', () => {
  const online = {
    type: 'online',
    id: 'O-1',
    version: 3,
    site: 'offenbach',
    service: 'BEWOHNER-PARK',
    completedAt: '2026-06-02T10:15:00+02:00',
    channel: 'bewohnerparken',
    outcome: 'completed',
  };
  it('a transaction passes the fast path and zod alike', () => {
    const r = validateEvent({ ...online });
    expect(r.ok && r.value).toEqual(online);
    expect(validateWith(eventSchema, online).ok).toBe(true);
  });
  it('service, completedAt, channel and outcome are required', () => {
    for (const field of ['service', 'completedAt', 'channel', 'outcome'] as const)
      expectIssue(without(online, field), field, 'missing_field');
  });
  it('channel and outcome from their lists, completedAt with an offset', () => {
    const channel = issuesOf({ ...online, channel: 'fax' });
    expect(channel.map((i) => [i.path, i.reason])).toEqual([['channel', 'schema']]);
    expect(channel[0]?.message).toContain('i-kfz');
    expectIssue({ ...online, outcome: 'no_show' }, 'outcome', 'schema');
    expectIssue({ ...online, completedAt: '2026-06-02T10:15:00' }, 'completedAt', 'schema');
    expectIssue({ ...online, completedAt: '1969-12-31T23:00:00Z' }, 'completedAt', 'schema');
  });
  it('fields not in the contract are rejected by name', () => {
    expect(issuesOf({ ...online, services: ['X'] })).toEqual([
      { path: 'services', message: 'field not in the contract', reason: 'unknown_field' },
    ]);
  });
});

describe('roster and annotations', () => {
  const entry = {
    date: '2026-11-25',
    site: 'offenbach',
    team: 'kfz',
    from: '07:30',
    to: '13:00',
    persons: 8,
  };
  it('a roster block passes; bad date, team, times and order fail', () => {
    expect(validateWith(rosterEntrySchema, entry).ok).toBe(true);
    for (const bad of [
      { ...entry, date: '2026-02-30' },
      { ...entry, team: 'kantine' },
      { ...entry, from: '7:30' },
      { ...entry, to: '07:00' },
      { ...entry, persons: -1 },
    ]) {
      expect(validateWith(rosterEntrySchema, bad).ok).toBe(false);
    }
  });
  it('an annotation passes; one without title fails', () => {
    const a = {
      id: 'pc-1',
      date: '2025-03-03',
      title: 'Online-Vorerfassung',
      service: 'PA-ANTRAG',
      team: 'melde-pass',
    };
    expect(validateWith(annotationSchema, a).ok).toBe(true);
    expect(validateWith(annotationSchema, { ...a, title: '' }).ok).toBe(false);
  });
});
