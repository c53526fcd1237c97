import type { Event } from '../domain/contract/event.ts';
import { generateDays } from '../demo/generator.ts';

/** The generator at scale 10 (about ten offices) from 2025 on: a million events take about seven months. */
export const EVENTS_SCALE = 10;

/** The first `total` demo events of that network. */
export function generatedEvents(total: number, seed: number): Event[] {
  const events: Event[] = [];
  for (const day of generateDays({
    from: '2025-01-01',
    to: '2026-12-31',
    seed,
    scale: EVENTS_SCALE,
  })) {
    for (const e of day.events) {
      events.push(e);
      if (events.length >= total) return events;
    }
  }
  return events;
}
