/**
 * Milliseconds of an ISO 8601 instant such as `2026-11-25T08:05:00+01:00`, exactly as
 * `Date.parse` gives them. The contract's shape (date, `T`, time, optional fraction, `Z`
 * or `±hh:mm`) is read with integer arithmetic, which the ingest hot path needs several
 * times per event; anything else is left to `Date.parse`.
 */
/** A digit's value, or a number so negative that any field it is part of fails its range check. */
const NOT_A_DIGIT = -1e7;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NOT_A_DIGIT;
}

function two(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

export function instantMs(s: string): number {
  const n = s.length;
  if (
    n < 20 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58
  ) {
    return Date.parse(s);
  }
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // Date.parse keeps milliseconds and ignores further digits.
    const start = ++i;
    while (i < n && digit(s, i) >= 0) i++;
    if (i === start) return Date.parse(s);
    for (let k = start, scale = 100; k < start + 3 && k < i; k++, scale /= 10)
      ms += digit(s, k) * scale;
  }
  let offsetMinutes = 0;
  const sign = s.charCodeAt(i);
  if (i === n - 1 && sign === 90) {
    // Z
  } else if (i === n - 6 && (sign === 43 || sign === 45) && s.charCodeAt(i + 3) === 58) {
    const oh = two(s, i + 1);
    const om = two(s, i + 4);
    if (!(oh >= 0 && oh <= 23 && om >= 0 && om <= 59)) return Date.parse(s);
    offsetMinutes = (sign === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return Date.parse(s);
  }
  // Ranges Date.parse refuses or treats specially go to it.
  if (
    !(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 31) ||
    !(hour >= 0 && hour <= 24 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) ||
    (hour === 24 && (minute !== 0 || second !== 0 || ms !== 0))
  ) {
    return Date.parse(s);
  }
  const seconds =
    ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes) * 60;
  return (seconds + second) * 1000 + ms;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil);
 * a day past the month's end rolls over as in Date.UTC. Much cheaper than Date.UTC.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
