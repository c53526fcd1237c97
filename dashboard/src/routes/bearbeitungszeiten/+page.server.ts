import { error } from '@sveltejs/kit';
import { TEAMS, type Team } from '$domain/contract/common.ts';
import { loadServiceCatalog } from '$domain/catalog/service-catalog.ts';
import {
  handlingHistogram,
  handlingTimes,
  handlingTrend,
} from '$queries/handling-times/handling-times.query.ts';
import { processChange } from '$queries/process-change/process-change.query.ts';
import { annotations } from '$queries/annotations/annotations.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { memoize } from '$lib/server/memo.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

/** The verdict on a past change moves only when late data arrives: ten minutes of memory. */
const cachedProcessChange = memoize(
  (p: { date: string; service: string }) => processChange(readerWarehouse(), p),
  (p) => `${p.date}|${p.service}`,
  10 * 60_000,
);

export const load: PageServerLoad = guarded(async ({ url }) => {
  const period = periodFromUrl(url, 'quartal');
  const q = url.searchParams;
  const catalog = loadServiceCatalog().services;
  const team = q.get('team') || undefined;
  if (team && !TEAMS.includes(team as Team)) error(400, `team: unbekanntes Team "${team}"`);
  const service = q.get('dienstleistung') || 'PA-ANTRAG';
  if (!catalog.some((s) => s.code === service))
    error(400, `dienstleistung: unbekannte Dienstleistung "${service}"`);
  const wh = readerWarehouse();
  const scope = { from: period.from, to: period.to, team: team as Team | undefined };
  const notes = (await annotations(wh)).filter((a) => a.service);
  const noteId = q.get('aenderung') ?? notes[0]?.id;
  const note = notes.find((a) => a.id === noteId);
  const [rows, histogram, trend, change] = await Promise.all([
    handlingTimes(wh, scope),
    handlingHistogram(wh, { ...scope, service }),
    handlingTrend(wh, { ...scope, service, grain: 'week' }),
    note ? cachedProcessChange({ date: note.date, service: note.service }) : Promise.resolve(null),
  ]);
  return {
    period,
    // The other filters, kept when another change is chosen.
    keep: [...q.entries()].filter(([k]) => k !== 'aenderung'),
    team: team ?? '',
    service,
    services: catalog.map((s) => ({ code: s.code, name: s.name })),
    rows,
    histogram,
    trend,
    notes,
    note: note ?? null,
    change,
  };
});
