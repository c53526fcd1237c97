/** Normalise step for reference data: roster blocks, annotations and the service catalog. */
import type { Annotation } from './contract/annotation.ts';
import type { RosterEntry } from './contract/roster.ts';
import type { ServiceCatalog } from './catalog/service-catalog.ts';

function minuteOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function rosterRow(r: RosterEntry, version: number) {
  return {
    site: r.site,
    date: r.date,
    team: r.team,
    from_minute: minuteOfDay(r.from),
    to_minute: minuteOfDay(r.to),
    persons: r.persons,
    version,
  };
}

export function annotationRow(a: Annotation, version: number, deleted = false) {
  return {
    id: a.id,
    date: a.date,
    title: a.title,
    site: a.site ?? '',
    team: a.team ?? '',
    service: a.service ?? '',
    deleted: deleted ? 1 : 0,
    version,
  };
}

export function catalogRows(catalog: ServiceCatalog, version: number) {
  return catalog.services.map((s) => ({
    code: s.code,
    name: s.name,
    domain: s.domain,
    target_minutes: s.targetMinutes,
    version,
  }));
}
