import { describe, expect, it } from 'vitest';
import { generateDays } from '../../demo/generator.ts';
import { IssuanceTally } from '../../demo/issuances.ts';

const RANGE = { from: '2024-05-15', to: '2024-07-10', seed: 7 };

describe('demo issuances', () => {
  const tally = new IssuanceTally();
  let passportVisits = 0;
  for (const day of generateDays(RANGE)) {
    tally.add(day.date, day.events);
    if (day.date.startsWith('2024-06'))
      for (const e of day.events)
        if (e.type === 'visit' && e.outcome === 'completed')
          passportVisits += e.services.filter(
            (s) => s === 'PASS-ANTRAG' || s === 'KIND-PASS',
          ).length;
  }
  const rows = tally.issuances(RANGE);
  const issued = (month: string, document: string) =>
    rows.find((r) => r.month === month && r.document === document && r.site === 'offenbach')
      ?.issued;

  it('count the completed visits in the history, ten years back from its first full month', () => {
    expect(passportVisits).toBeGreaterThan(500);
    expect(issued('2024-06', 'reisepass')).toBe(passportVisits);
    const months = [...new Set(rows.map((r) => r.month))].sort();
    // 2024-05 is covered only in part, 2024-07 is the running month.
    expect(months[0]).toBe('2014-06');
    expect(months.at(-1)).toBe('2024-07');
    expect(months).toHaveLength(122);
    expect(new Set(rows.map((r) => r.document))).toEqual(
      new Set(['personalausweis', 'reisepass', 'fuehrerschein-umtausch']),
    );
  });

  it('before the history: the same calendar month of its first year, with the 2017 passport wave', () => {
    expect(issued('2016-06', 'reisepass')).toBe(passportVisits);
    expect(issued('2017-06', 'reisepass')).toBe(Math.round(passportVisits * 1.4));
    // No July in the first year: its mean month.
    expect(issued('2016-07', 'reisepass')).toBe(passportVisits);
    expect(issued('2017-06', 'personalausweis')).toBe(issued('2016-06', 'personalausweis'));
  });
});
