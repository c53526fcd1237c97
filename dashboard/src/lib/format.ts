/** German number, share, duration and date formats for everything the dashboard shows. */
import { format as formatDate, parseISO } from 'date-fns';
import { de } from 'date-fns/locale';

export type ValueFormat = 'int' | 'pct' | 'duration' | 'hours' | 'decimal';

const int = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const dec = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const pct = new Intl.NumberFormat('de-DE', {
  style: 'percent',
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
});

/** Seconds as "12:05 min" under an hour, "1 h 05 min" above. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} min`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function formatValue(v: number | null | undefined, f: ValueFormat): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  switch (f) {
    case 'int':
      return int.format(v);
    case 'pct':
      return pct.format(v);
    case 'duration':
      return formatDuration(v);
    case 'hours':
      return `${dec.format(v)} h`;
    case 'decimal':
      return dec.format(v);
  }
}

export function formatDay(iso: string, pattern = 'dd.MM.yyyy'): string {
  return formatDate(parseISO(iso), pattern, { locale: de });
}

export function formatDayLong(iso: string): string {
  return formatDate(parseISO(iso), 'EEEE, d. MMMM yyyy', { locale: de });
}
