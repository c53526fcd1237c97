/**
 * Normalise step: a validated contract event becomes the row of its ClickHouse table.
 * Every column is filled (the TabSeparated lines name every column; a missing one would not
 * take its default), times become UTC `YYYY-MM-DD hh:mm:ss`, and the event gets its
 * Europe/Berlin day.
 */
import { berlinOffsetMinutes } from '../../calendar/berlin-time.ts';
import { instantMs } from '../../calendar/iso-instant.ts';
import type { CallEvent } from '../../domain/contract/call.ts';
import type { EmailEvent } from '../../domain/contract/email.ts';
import type { Event, EventType } from '../../domain/contract/event.ts';
import type { OnlineEvent } from '../../domain/contract/online.ts';
import type { VisitEvent } from '../../domain/contract/visit.ts';

export const TABLE_OF: Record<EventType, 'visits' | 'calls' | 'emails' | 'online'> = {
  visit: 'visits',
  call: 'calls',
  email: 'emails',
  online: 'online',
};

type Ts = string | null;

// These run several times per event on the hot path: integer arithmetic and cached
// day texts instead of a Date object and toISOString() per timestamp.
const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayTexts = new Map<number, string>();

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), cached: a few thousand at most. */
function dayText(dayNumber: number): string {
  let text = dayTexts.get(dayNumber);
  if (text === undefined) {
    text = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    dayTexts.set(dayNumber, text);
  }
  return text;
}

function utcText(ms: number): string {
  const dayNumber = Math.floor(ms / DAY_MS);
  const second = Math.floor((ms - dayNumber * DAY_MS) / 1000);
  const hour = Math.floor(second / 3600);
  const minute = Math.floor(second / 60) % 60;
  return `${dayText(dayNumber)} ${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second % 60]}`;
}

let lastReceipt = { ms: Number.NaN, text: '' };

/** `ingested_at` is the same for every event of a batch: format it once. */
function receiptText(receivedAt: Date): string {
  const ms = receivedAt.getTime();
  if (ms !== lastReceipt.ms) lastReceipt = { ms, text: utcText(ms) };
  return lastReceipt.text;
}

function ts(iso: string | undefined): Ts {
  return iso === undefined ? null : utcText(instantMs(iso));
}

function dayOf(iso: string): string {
  const ms = instantMs(iso);
  return dayText(Math.floor((ms + berlinOffsetMinutes(ms) * 60_000) / DAY_MS));
}

function bool(b: boolean | undefined): 0 | 1 | null {
  return b === undefined ? null : b ? 1 : 0;
}

function secs(n: number | undefined): number | null {
  return n === undefined ? null : Math.round(n);
}

/** No version from the source: the time of receipt, so a later re-send wins. */
function versionOf(e: Event, receivedAt: Date): number {
  return e.version ?? receivedAt.getTime();
}

export function visitRow(v: VisitEvent, receivedAt: Date) {
  // A visit belongs to the day of arrival; a no-show (never arrived) to the day of its slot.
  const anchor = v.arrivedAt ?? v.appointment?.slotStart;
  if (anchor === undefined)
    throw new TypeError(`visit ${v.id}: neither arrivedAt nor appointment.slotStart`);
  return {
    id: v.id,
    version: versionOf(v, receivedAt),
    site: v.site,
    day: dayOf(anchor),
    deleted: 0,
    ingested_at: receiptText(receivedAt),
    arrived_at: ts(v.arrivedAt),
    called_at: ts(v.calledAt),
    started_at: ts(v.startedAt),
    ended_at: ts(v.endedAt),
    booked_at: ts(v.appointment?.bookedAt),
    slot_start: ts(v.appointment?.slotStart),
    team: v.team,
    desk: v.desk ?? '',
    agent: v.agent ?? '',
    services: v.services,
    persons: v.persons,
    outcome: v.outcome,
  };
}

export function callRow(c: CallEvent, receivedAt: Date) {
  return {
    id: c.id,
    version: versionOf(c, receivedAt),
    site: c.site,
    day: dayOf(c.offeredAt),
    deleted: 0,
    ingested_at: receiptText(receivedAt),
    offered_at: ts(c.offeredAt),
    answered_at: ts(c.answeredAt),
    ended_at: ts(c.endedAt),
    queue: c.queue ?? '',
    talk_seconds: secs(c.talkSeconds),
    hold_seconds: secs(c.holdSeconds),
    wrap_seconds: secs(c.wrapSeconds),
    transferred: bool(c.transferred),
    resolved_first_contact: bool(c.resolvedFirstContact),
    callback_requested: bool(c.callbackRequested),
    topic: c.topic ?? '',
  };
}

export function emailRow(e: EmailEvent, receivedAt: Date) {
  return {
    id: e.id,
    version: versionOf(e, receivedAt),
    site: e.site,
    day: dayOf(e.receivedAt),
    deleted: 0,
    ingested_at: receiptText(receivedAt),
    received_at: ts(e.receivedAt),
    first_response_at: ts(e.firstResponseAt),
    closed_at: ts(e.closedAt),
    mailbox: e.mailbox ?? '',
    topic: e.topic ?? '',
    resolved: bool(e.resolved),
  };
}

export function onlineRow(o: OnlineEvent, receivedAt: Date) {
  return {
    id: o.id,
    version: versionOf(o, receivedAt),
    site: o.site,
    day: dayOf(o.completedAt),
    deleted: 0,
    ingested_at: receiptText(receivedAt),
    completed_at: ts(o.completedAt),
    service: o.service,
    channel: o.channel,
    outcome: o.outcome,
  };
}

export type EventRow =
  | ReturnType<typeof visitRow>
  | ReturnType<typeof callRow>
  | ReturnType<typeof emailRow>
  | ReturnType<typeof onlineRow>;

export function toRow(e: Event, receivedAt: Date): EventRow {
  switch (e.type) {
    case 'visit':
      return visitRow(e, receivedAt);
    case 'call':
      return callRow(e, receivedAt);
    case 'email':
      return emailRow(e, receivedAt);
    case 'online':
      return onlineRow(e, receivedAt);
  }
}
