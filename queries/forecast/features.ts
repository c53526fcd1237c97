/**
 * Calendar features of a day for the demand model: weekday, season (Fourier terms of the
 * day of year), Hessian public and school holidays, bridge days, the weeks before the summer
 * holidays (passport rush), the days from before Christmas to Epiphany one by one, and a
 * linear trend. Public holidays only carry weight for channels open on them (emails).
 */
import { addDays, daysBetween, isoWeekday, type LocalDate } from '../../calendar/local-date.ts';
import { isPublicHoliday } from '../../calendar/public-holidays.ts';
import { schoolHolidayOn, summerHolidays } from '../../calendar/school-holidays.ts';
import { isBridgeDay, isWorkingDay } from '../../calendar/working-days.ts';

export const FOURIER_ORDER = 3;
const EPOCH = '2020-01-01';

function dayOfYear(d: LocalDate): number {
  return daysBetween(`${d.slice(0, 4)}-01-01`, d);
}

/** Weeks until the summer holidays start (1 = the week before), or 0 when not in the 8 weeks before. */
function weeksBeforeSummer(d: LocalDate): number {
  const summer = summerHolidays(Number(d.slice(0, 4)));
  if (!summer || d >= summer.from) return 0;
  const days = daysBetween(d, summer.from);
  return days <= 56 ? Math.ceil(days / 7) : 0;
}

/**
 * The days around Christmas and New Year, each with its own effect: the days before
 * Christmas, Christmas Eve, the holidays, the days between the years, New Year's Eve and
 * Day, the first days of January and Epiphany (a working day in Hesse).
 */
const CHRISTMAS_DAYS: ReadonlyArray<[name: string, from: string, to: string]> = [
  ['dec_15_23', '12-15', '12-23'],
  ['dec_24', '12-24', '12-24'],
  ['dec_25_26', '12-25', '12-26'],
  ['dec_27_30', '12-27', '12-30'],
  ['dec_31', '12-31', '12-31'],
  ['jan_01', '01-01', '01-01'],
  ['jan_02_05', '01-02', '01-05'],
  ['jan_06', '01-06', '01-06'],
];

export const FEATURE_NAMES: string[] = [
  'intercept',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  ...Array.from({ length: FOURIER_ORDER }, (_, k) => [`sin${k + 1}`, `cos${k + 1}`]).flat(),
  'easter_holidays',
  'summer_holidays',
  'autumn_holidays',
  'christmas_holidays',
  'bridge_day',
  'after_holiday',
  'pre_summer_1_2',
  'pre_summer_3_5',
  'pre_summer_6_8',
  'public_holiday',
  ...CHRISTMAS_DAYS.map(([name]) => name),
  'trend',
];

/** The model's row for one day (same order as FEATURE_NAMES). */
export function featuresOf(d: LocalDate): number[] {
  const wd = isoWeekday(d);
  const t = (2 * Math.PI * dayOfYear(d)) / 365.25;
  const school = schoolHolidayOn(d)?.kind;
  const pre = weeksBeforeSummer(d);
  const md = d.slice(5);
  return [
    1,
    wd === 2 ? 1 : 0,
    wd === 3 ? 1 : 0,
    wd === 4 ? 1 : 0,
    wd === 5 ? 1 : 0,
    wd === 6 ? 1 : 0,
    wd === 7 ? 1 : 0,
    ...Array.from({ length: FOURIER_ORDER }, (_, k) => [
      Math.sin((k + 1) * t),
      Math.cos((k + 1) * t),
    ]).flat(),
    school === 'ostern' ? 1 : 0,
    school === 'sommer' ? 1 : 0,
    school === 'herbst' ? 1 : 0,
    school === 'weihnachten' ? 1 : 0,
    isBridgeDay(d) ? 1 : 0,
    // The first working day after a holiday catches up what could not be done.
    isWorkingDay(d) && isPublicHoliday(addDays(d, wd === 1 ? -3 : -1)) ? 1 : 0,
    pre >= 1 && pre <= 2 ? 1 : 0,
    pre >= 3 && pre <= 5 ? 1 : 0,
    pre >= 6 ? 1 : 0,
    isPublicHoliday(d) ? 1 : 0,
    ...CHRISTMAS_DAYS.map(([, from, to]) => (md >= from && md <= to ? 1 : 0)),
    daysBetween(EPOCH, d) / 365.25,
  ];
}
