/**
 * The live view of today: the actuals of `liveDay` beside the day's forecast. The outlook
 * (forecast and intraday profile) changes once a day and is computed apart from the
 * actuals, so a caller can keep it while it refreshes the actuals every few seconds.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { dailyForecast } from '../forecast/forecast.query.ts';
import { InsufficientHistoryError } from '../forecast/daily-model.ts';
import { intradayProfile, type DayProfile, type LiveChannel } from './intraday-profile.query.ts';
import type { LiveDay } from './live-day.query.ts';
import { reforecast, shareBefore, type Reforecast } from './reforecast.ts';

export interface DayOutlook {
  date: LocalDate;
  profile: DayProfile;
  /** The day's forecast per channel (completed visits, offered calls, received emails). */
  forecasts: Record<LiveChannel, number | null>;
}

const CHANNELS: readonly LiveChannel[] = ['visits', 'calls', 'emails'];

async function forecastOf(wh: Warehouse, channel: LiveChannel, date: LocalDate, site?: string) {
  try {
    const r = await dailyForecast(wh, { channel, horizon: 1, until: addDays(date, -1), site });
    return r.forecast[0]?.forecast ?? null;
  } catch (err) {
    if (err instanceof InsufficientHistoryError) return null;
    throw err;
  }
}

export async function dayOutlook(
  wh: Warehouse,
  date: LocalDate,
  site?: string,
): Promise<DayOutlook> {
  const [profile, ...values] = await Promise.all([
    intradayProfile(wh, date, site),
    ...CHANNELS.map((c) => forecastOf(wh, c, date, site)),
  ]);
  const forecasts = Object.fromEntries(CHANNELS.map((c, i) => [c, values[i] ?? null]));
  return { date, profile, forecasts: forecasts as DayOutlook['forecasts'] };
}

export interface LiveInterval {
  /** First minute of the half hour in the Berlin day. */
  minute: number;
  /** "09:30" */
  label: string;
  offered: number | null;
  serviceLevel: number | null;
  /** Offered calls the forecast and profile expect in this half hour. */
  expected: number | null;
}

export interface LiveView extends LiveDay {
  /** Per channel: actual so far, forecast, expected so far and the reforecast of the day. */
  reforecast: Record<LiveChannel, Reforecast>;
  halfHours: LiveInterval[];
}

function label(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Every half hour the profile or today's calls touch, actuals only up to now. */
function halfHours(day: LiveDay, outlook: DayOutlook): LiveInterval[] {
  const actual = new Map(
    day.intervals.map((i) => {
      const m = Number(i.start.slice(11, 13)) * 60 + Number(i.start.slice(14, 16));
      return [m, i];
    }),
  );
  const callsForecast = outlook.forecasts.calls;
  const minutes = [...new Set([...outlook.profile.calls.keys(), ...actual.keys()])].sort(
    (a, b) => a - b,
  );
  return minutes.map((m) => {
    const a = actual.get(m);
    const started = m <= day.minuteOfDay;
    return {
      minute: m,
      label: label(m),
      offered: a ? a.offered : started ? 0 : null,
      serviceLevel: a?.serviceLevel ?? null,
      expected: callsForecast === null ? null : callsForecast * (outlook.profile.calls.get(m) ?? 0),
    };
  });
}

export function liveView(day: LiveDay, outlook: DayOutlook): LiveView {
  const actuals: Record<LiveChannel, number> = {
    visits: day.visits.completed,
    calls: day.calls.offered,
    emails: day.emails.received,
  };
  const re = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      reforecast(
        actuals[c],
        outlook.forecasts[c],
        shareBefore(outlook.profile[c], day.minuteOfDay),
      ),
    ]),
  ) as Record<LiveChannel, Reforecast>;
  return { ...day, reforecast: re, halfHours: halfHours(day, outlook) };
}
