/**
 * The period picker's meaning, read from the URL so every view can be shared and the back
 * button works: a preset (Tag, Woche, Monat, Quartal, Jahr) ending at a reference day, or
 * a custom range. Data runs to yesterday, so that is the default reference day.
 */
import { error } from '@sveltejs/kit';
// Relative, not aliases: the benchmarks compute the pages' periods outside SvelteKit.
import { berlinDate } from '../../../../calendar/berlin-time.ts';
import {
  addDays,
  isLocalDate,
  isoWeekday,
  shiftYears,
  type LocalDate,
} from '../../../../calendar/local-date.ts';
import { ParamError, parseRange } from '../../../../queries/shared/range.ts';
import { PRESETS, type Preset } from '../period-presets.ts';

export interface Period {
  preset: Preset;
  from: LocalDate;
  to: LocalDate;
  ref: LocalDate;
  /**
   * The site the page is for (event.locals.site, decided by the request hook); undefined: all.
   * It travels with the period, so every query given the period is filtered by it.
   */
  site?: string;
  previousYear: { from: LocalDate; to: LocalDate; site?: string };
}

export function yesterday(): LocalDate {
  return addDays(berlinDate(new Date()), -1);
}

export function periodFromUrl(
  url: URL,
  fallback: Preset = 'monat',
  site: string | undefined = undefined,
): Period {
  const q = url.searchParams;
  const preset = (
    PRESETS.some((p) => p.value === q.get('zeitraum')) ? q.get('zeitraum') : fallback
  ) as Preset;
  const refParam = q.get('bis') ?? '';
  const ref = isLocalDate(refParam) ? refParam : yesterday();
  let from: LocalDate;
  let to: LocalDate = ref;
  switch (preset) {
    case 'tag':
      from = ref;
      break;
    case 'woche':
      from = addDays(ref, 1 - isoWeekday(ref));
      break;
    case 'monat':
      from = `${ref.slice(0, 7)}-01`;
      break;
    case 'quartal': {
      const m = Math.floor((Number(ref.slice(5, 7)) - 1) / 3) * 3 + 1;
      from = `${ref.slice(0, 4)}-${String(m).padStart(2, '0')}-01`;
      break;
    }
    case 'jahr':
      from = `${ref.slice(0, 4)}-01-01`;
      break;
    case 'frei':
      try {
        ({ from, to } = parseRange(q.get('von'), q.get('bis')));
      } catch (err) {
        if (err instanceof ParamError)
          error(400, `Zeitraum: ${err.message.replace(/^from/, 'von').replace(/^to/, 'bis')}`);
        throw err;
      }
      break;
  }
  return {
    preset,
    from,
    to,
    ref,
    site,
    previousYear: { from: shiftYears(from, -1), to: shiftYears(to, -1), site },
  };
}
