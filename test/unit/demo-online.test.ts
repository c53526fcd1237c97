import { describe, expect, it } from 'vitest';
import { generateDays, PARKING_ONLINE, type GeneratedDay } from '../../demo/generator.ts';
import { demoOnline } from '../../demo/online.ts';

const SEED = 11;
const days: GeneratedDay[] = [
  ...generateDays({ from: '2025-02-01', to: '2025-11-30', seed: SEED }),
];
const online = days.flatMap((d) => demoOnline(d, SEED));

/** Completed resident parking permits per month: at the counter, online and both. */
function perMonth() {
  const months = new Map<string, { counter: number; online: number }>();
  const of = (m: string) =>
    months.get(m) ?? (months.set(m, { counter: 0, online: 0 }), months.get(m)!);
  for (const d of days)
    for (const e of d.events)
      if (
        e.type === 'visit' &&
        e.outcome === 'completed' &&
        e.services.includes(PARKING_ONLINE.service)
      )
        of(d.date.slice(0, 7)).counter++;
  for (const e of online) if (e.outcome === 'completed') of(e.completedAt.slice(0, 7)).online++;
  return months;
}

describe('the demo online transactions', () => {
  it('exist only from the parking permit change on, in channel bewohnerparken', () => {
    expect(PARKING_ONLINE.date).toBe('2025-06-02');
    const dates = online.map((e) => e.completedAt.slice(0, 10)).sort();
    // The first working days after the change already have some; none before it.
    expect(dates[0]! >= PARKING_ONLINE.date && dates[0]! < '2025-06-06').toBe(true);
    expect(new Set(online.map((e) => `${e.channel}|${e.service}`))).toEqual(
      new Set(['bewohnerparken|BEWOHNERPARK']),
    );
    expect(new Set(online.map((e) => e.id)).size).toBe(online.length);
    const aborted = online.filter((e) => e.outcome === 'aborted').length / online.length;
    expect(aborted).toBeGreaterThan(0.01);
    expect(aborted).toBeLessThan(0.08);
  });

  it('make up for the counter visits that fell away, growing over the months', () => {
    const months = perMonth();
    const before = ['2025-02', '2025-03', '2025-04', '2025-05'].map((m) => months.get(m)!.counter);
    const after = ['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11'];
    for (const m of after) {
      const { counter, online: o } = months.get(m)!;
      expect(o, m).toBeGreaterThan(counter);
      expect(counter + o, m).toBeGreaterThanOrEqual(0.75 * Math.min(...before));
      expect(counter + o, m).toBeLessThanOrEqual(1.2 * Math.max(...before));
    }
    const share = (m: string) =>
      months.get(m)!.online / (months.get(m)!.online + months.get(m)!.counter);
    expect(share('2025-11')).toBeGreaterThan(share('2025-06'));
  });

  it('is the same for the same seed', () => {
    const again = days.slice(-20).flatMap((d) => demoOnline(d, SEED));
    expect(again).toEqual(online.slice(-again.length));
  });
});
