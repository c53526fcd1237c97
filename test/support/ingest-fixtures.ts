/** Small, valid contract events for ingest tests, and ways to break them. */
export function validCall(i: number, extra: object = {}) {
  const t = Date.UTC(2026, 10, 24, 8, 0, 0) + i * 60_000;
  return {
    type: 'call',
    id: `C-${i}`,
    version: 1,
    site: 'offenbach',
    offeredAt: new Date(t).toISOString(),
    answeredAt: new Date(t + 20_000).toISOString(),
    talkSeconds: 120,
    resolvedFirstContact: true,
    ...extra,
  };
}

export function validVisit(i: number, extra: object = {}) {
  const t = Date.UTC(2026, 10, 24, 7, 0, 0) + i * 60_000;
  return {
    type: 'visit',
    id: `V-${i}`,
    version: 1,
    site: 'offenbach',
    arrivedAt: new Date(t).toISOString(),
    calledAt: new Date(t + 300_000).toISOString(),
    endedAt: new Date(t + 900_000).toISOString(),
    team: 'melde-pass',
    services: ['PA-ANTRAG'],
    outcome: 'completed',
    ...extra,
  };
}

export function validEmail(i: number, extra: object = {}) {
  return {
    type: 'email',
    id: `E-${i}`,
    version: 1,
    site: 'offenbach',
    receivedAt: '2026-11-24T09:00:00Z',
    ...extra,
  };
}

/** Twenty ways to break the contract, each applied to a fresh valid item. */
export const BREAKAGES: ReadonlyArray<[string, (i: number) => unknown]> = [
  ['unknown type', (i) => ({ ...validCall(i), type: 'fax' })],
  [
    'no type',
    (i) => {
      const { type: _t, ...rest } = validCall(i);
      return rest;
    },
  ],
  ['not an object', () => 'a string'],
  ['array item', (i) => [validCall(i)]],
  ['empty id', (i) => validCall(i, { id: '' })],
  ['id too long', (i) => validCall(i, { id: 'x'.repeat(129) })],
  ['negative version', (i) => validCall(i, { version: -1 })],
  [
    'no site',
    (i) => {
      const { site: _s, ...rest } = validCall(i);
      return rest;
    },
  ],
  ['unknown field', (i) => validCall(i, { caller: '+49 69 123' })],
  ['local time without offset', (i) => validCall(i, { offeredAt: '2026-11-24T08:00:00' })],
  ['answered before offered', (i) => validCall(i, { answeredAt: '2026-11-24T07:00:00Z' })],
  [
    'talk time of an abandoned call',
    (i) => {
      const { answeredAt: _a, ...rest } = validCall(i);
      return rest;
    },
  ],
  ['negative hold', (i) => validCall(i, { holdSeconds: -5 })],
  ['boolean as text', (i) => validCall(i, { transferred: 'ja' })],
  [
    'visit without arrival',
    (i) => {
      const { arrivedAt: _a, ...rest } = validVisit(i);
      return rest;
    },
  ],
  ['no-show without appointment', (i) => validVisit(i, { outcome: 'no_show' })],
  [
    'visit over 12 h',
    (i) => {
      const v = validVisit(i);
      return { ...v, endedAt: new Date(Date.parse(v.arrivedAt) + 13 * 3_600_000).toISOString() };
    },
  ],
  ['unknown team', (i) => validVisit(i, { team: 'kantine' })],
  ['21 services', (i) => validVisit(i, { services: Array.from({ length: 21 }, () => 'X') })],
  [
    'email answered before received',
    (i) => validEmail(i, { firstResponseAt: '2026-11-24T08:00:00Z' }),
  ],
];
