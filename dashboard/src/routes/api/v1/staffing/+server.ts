import { endpoint } from '$lib/server/api/respond.ts';
import { parseSite } from '$lib/server/api/params.ts';
import { yesterday } from '$lib/server/period.ts';
import { addDays, daysBetween } from '$calendar/local-date.ts';
import { ParamError, parseDate } from '$queries/shared/range.ts';
import { MAX_HORIZON } from '$queries/forecast/forecast.query.ts';
import { staffing } from '$queries/staffing/staffing.query.ts';

export const GET = endpoint({
  params: async (q, wh) => {
    const until = yesterday();
    const date = q.get('date') ? parseDate(q.get('date'), 'date') : addDays(until, 1);
    if (date <= until)
      throw new ParamError('date', `must be after the last day with data (${until})`);
    if (daysBetween(until, date) > MAX_HORIZON)
      throw new ParamError('date', `at most ${MAX_HORIZON} days ahead`);
    return { date, until, site: await parseSite(wh) };
  },
  run: staffing,
  table: {
    name: 'personalbedarf',
    rows: (r) => r.intervals,
    columns: [
      { key: 'start', header: 'Intervall ab', kind: 'text' },
      { key: 'calls', header: '115-Anrufe (Prognose)', kind: 'number' },
      { key: 'callAgents', header: '115: Bedarf', kind: 'int' },
      { key: 'rosterPhone', header: '115: Dienstplan', kind: 'number' },
      { key: 'walkIns', header: 'Laufkundschaft (Prognose)', kind: 'number' },
      { key: 'appointments', header: 'Termine (Prognose)', kind: 'number' },
      { key: 'counterStaff', header: 'Schalter: Bedarf', kind: 'int' },
      { key: 'rosterCounters', header: 'Schalter: Dienstplan', kind: 'number' },
    ],
  },
});
