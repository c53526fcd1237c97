/**
 * A small day of contacts (Tuesday 2026-03-10, winter time +01:00) whose KPIs are worked
 * out by hand in test/integration/summary.test.ts.
 */
const at = (hhmm: string, day = '2026-03-10') => `${day}T${hhmm}:00+01:00`;

export const VISITS = [
  // walk-in: wait 10 min, handle 10 min (ended − started), 2 services
  {
    id: 'v1',
    arrivedAt: at('08:00'),
    calledAt: at('08:10'),
    startedAt: at('08:11'),
    endedAt: at('08:21'),
    services: ['MELD-AN', 'MELD-BESCH'],
    outcome: 'completed',
  },
  // walk-in without startedAt: handle = ended − called; sent as version 1, updated below
  {
    id: 'v2',
    arrivedAt: at('08:05'),
    calledAt: at('08:25'),
    endedAt: at('08:35'),
    services: ['MELD-UM'],
    outcome: 'completed',
  },
  // appointment, early arrival: wait from the slot: 09:02 − 09:00 = 2 min; handle 30 min
  {
    id: 'v3',
    arrivedAt: at('08:50'),
    calledAt: at('09:02'),
    startedAt: at('09:02'),
    endedAt: at('09:32'),
    appointment: { bookedAt: at('10:00', '2026-02-20'), slotStart: at('09:00') },
    services: ['PA-ANTRAG', 'PASS-ANTRAG', 'KIND-PASS'],
    outcome: 'completed',
  },
  // appointment, late arrival: wait from arrival: 09:45 − 09:40 = 5 min; handle 10 min
  {
    id: 'v4',
    arrivedAt: at('09:40'),
    calledAt: at('09:45'),
    startedAt: at('09:46'),
    endedAt: at('09:56'),
    appointment: { bookedAt: at('10:00', '2026-02-20'), slotStart: at('09:30') },
    services: ['KFZ-ZUL'],
    outcome: 'completed',
  },
  {
    id: 'v5',
    appointment: { bookedAt: at('10:00', '2026-02-20'), slotStart: at('10:00') },
    services: ['PA-ANTRAG'],
    outcome: 'no_show',
  },
  // appointment called before its slot: wait 0, not negative; handle 5 min
  {
    id: 'v6',
    arrivedAt: at('10:00'),
    calledAt: at('10:20'),
    startedAt: at('10:20'),
    endedAt: at('10:25'),
    appointment: { bookedAt: at('10:00', '2026-02-20'), slotStart: at('10:30') },
    services: ['FE-UMTAUSCH'],
    outcome: 'completed',
  },
  { id: 'v7', arrivedAt: at('10:00'), services: ['MELD-AN'], outcome: 'left' },
  {
    id: 'v8',
    arrivedAt: at('11:00'),
    calledAt: at('11:30'),
    endedAt: at('11:31'),
    services: ['MELD-AN'],
    outcome: 'cancelled',
  },
].map((v) => ({ type: 'visit', version: 1, site: 'offenbach', team: 'melde-pass', ...v }));

/** v2 again with version 2: it ended at 08:45, so its handling time is 20 min. */
export const VISIT_UPDATE = { ...VISITS[1]!, version: 2, endedAt: at('08:45') };

const t = (hhmmss: string) => `2026-03-10T${hhmmss}+01:00`;
export const CALLS = [
  {
    id: 'c1',
    offeredAt: t('08:00:00'),
    answeredAt: t('08:00:20'),
    endedAt: t('08:03:00'),
    talkSeconds: 100,
    holdSeconds: 10,
    wrapSeconds: 30,
    resolvedFirstContact: true,
  },
  {
    id: 'c2',
    offeredAt: t('08:01:00'),
    answeredAt: t('08:01:45'),
    endedAt: t('08:05:00'),
    talkSeconds: 200,
    wrapSeconds: 20,
    resolvedFirstContact: false,
  },
  { id: 'c3', offeredAt: t('08:02:00'), endedAt: t('08:02:03') }, // short abandon (3 s)
  { id: 'c4', offeredAt: t('08:03:00'), endedAt: t('08:04:00') }, // abandoned after a minute
  { id: 'c5', offeredAt: t('08:05:00') }, // abandoned, end unknown: not short
  {
    id: 'c6',
    offeredAt: t('08:06:00'),
    answeredAt: t('08:06:30'),
    talkSeconds: 60,
    resolvedFirstContact: true,
  }, // exactly 30 s
].map((c) => ({ type: 'call', version: 1, site: 'offenbach', queue: '115', ...c }));

export const EMAILS = [
  { id: 'e1', receivedAt: at('09:00'), firstResponseAt: at('15:00'), closedAt: at('15:00') }, // 6 h
  {
    id: 'e2',
    receivedAt: at('20:00'),
    firstResponseAt: at('10:00', '2026-03-12'),
    closedAt: at('10:00', '2026-03-12'),
  }, // 38 h
  { id: 'e3', receivedAt: at('22:00') }, // open
  {
    id: 'e4',
    receivedAt: at('10:00', '2026-03-09'),
    firstResponseAt: at('11:00', '2026-03-09'),
    closedAt: at('09:00', '2026-03-11'),
  }, // day before, closed after
  { id: 'e5', receivedAt: at('00:30', '2026-03-11') }, // 23:30 UTC on the 10th, but the 11th locally
  { id: 'e6', receivedAt: at('11:00'), firstResponseAt: at('13:00'), closedAt: at('13:00') }, // 2 h
].map((e) => ({ type: 'email', version: 1, site: 'offenbach', mailbox: 'buergerbuero', ...e }));
