import { endpoint } from '$lib/server/api/respond.ts';
import { parseInteger, parseService, parseSite } from '$lib/server/api/params.ts';
import { parseDate } from '$queries/shared/range.ts';
import { processChange } from '$queries/process-change/process-change.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({
    date: parseDate(q.get('date'), 'date'),
    service: parseService(q, true)!,
    windowDays: parseInteger(q, 'windowDays', 7, 365, 56),
    site: await parseSite(wh),
  }),
  run: processChange,
});
