import { describe, expect, it } from 'vitest';
import { berlinDate, berlinToUtc, toBerlinIso } from '../../calendar/berlin-time.ts';
import { addDays, daysBetween, eachDay, isoWeekday } from '../../calendar/local-date.ts';
import { publicHolidays } from '../../calendar/public-holidays.ts';
import {
  schoolHolidayOn,
  SCHOOL_HOLIDAYS,
  summerHolidays,
} from '../../calendar/school-holidays.ts';
import { isBridgeDay, isWorkingDay } from '../../calendar/working-days.ts';

describe('Hessian public holidays (HFeiertagsG §1)', () => {
  it('2026 has exactly the ten Hessian holidays, Corpus Christi included', () => {
    expect([...publicHolidays(2026).keys()]).toEqual([
      '2026-01-01', // Neujahr
      '2026-04-03', // Karfreitag (Easter Sunday 2026-04-05)
      '2026-04-06', // Ostermontag
      '2026-05-01',
      '2026-05-14', // Christi Himmelfahrt: Easter + 39
      '2026-05-25', // Pfingstmontag: Easter + 50
      '2026-06-04', // Fronleichnam: Easter + 60
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
  });
  it('moveable feasts follow Easter in other years (Easter 2025-04-20)', () => {
    const h = publicHolidays(2025);
    expect(h.has('2025-04-18')).toBe(true);
    expect(h.has('2025-05-29')).toBe(true);
    expect(h.has('2025-06-19')).toBe(true);
    expect(h.has('2025-10-31')).toBe(false); // Reformationstag is not a Hessian holiday
  });
  it('working and bridge days', () => {
    expect(isWorkingDay('2026-05-14')).toBe(false);
    expect(isBridgeDay('2026-05-15')).toBe(true); // Friday after Ascension
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isBridgeDay('2026-11-27')).toBe(false);
  });
});

describe('Hessian school holidays', () => {
  it('periods are ordered, non-overlapping and each starts on a weekday', () => {
    for (let i = 0; i < SCHOOL_HOLIDAYS.length; i++) {
      const p = SCHOOL_HOLIDAYS[i]!;
      expect(p.from <= p.to).toBe(true);
      expect(isoWeekday(p.from)).toBeLessThanOrEqual(5);
      if (i > 0) expect(SCHOOL_HOLIDAYS[i - 1]!.to < p.from).toBe(true);
    }
  });
  it('summer holidays 2026 run 29.06.–07.08. (six weeks)', () => {
    const s = summerHolidays(2026)!;
    expect([s.from, s.to]).toEqual(['2026-06-29', '2026-08-07']);
    expect(daysBetween(s.from, s.to) + 1).toBe(40);
    expect(schoolHolidayOn('2026-07-15')?.name).toBe('Sommerferien');
    expect(schoolHolidayOn('2026-08-08')).toBeUndefined();
  });
  it('Christmas holidays span the new year', () => {
    expect(schoolHolidayOn('2026-01-05')?.kind).toBe('weihnachten');
  });
});

describe('Europe/Berlin time', () => {
  it('the spring change day has 23 hours and the autumn one 25', () => {
    const hours = (d: string) =>
      (berlinToUtc(addDays(d, 1), 0).getTime() - berlinToUtc(d, 0).getTime()) / 3_600_000;
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-11-25')).toBe(24);
  });
  it('00:30 local belongs to its local day, not the UTC one', () => {
    const t = berlinToUtc('2026-12-01', 30 * 60);
    expect(t.toISOString()).toBe('2026-11-30T23:30:00.000Z');
    expect(berlinDate(t)).toBe('2026-12-01');
    expect(toBerlinIso(t)).toBe('2026-12-01T00:30:00+01:00');
    expect(toBerlinIso(berlinToUtc('2026-07-01', 8 * 3600))).toBe('2026-07-01T08:00:00+02:00');
  });
  it('local-date helpers', () => {
    expect([...eachDay('2026-10-24', '2026-10-26')]).toEqual([
      '2026-10-24',
      '2026-10-25',
      '2026-10-26',
    ]);
    expect(isoWeekday('2026-11-25')).toBe(3);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});
