import { error } from '@sveltejs/kit';
import { isLocalDate } from '$calendar/local-date.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { briefingData } from '$lib/server/pages/briefing.ts';
import { yesterday } from '$lib/server/period.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ url, locals }) => {
  const param = url.searchParams.get('datum');
  if (param && !isLocalDate(param)) error(400, `datum: "${param}" ist kein Datum (JJJJ-MM-TT)`);
  return briefingData(readerWarehouse(), param ?? yesterday(), locals.site);
});
