/** What an imported row becomes, by the mapping's type: an event, a roster block or an annotation. */
import { annotationSchema } from '../../domain/contract/annotation.ts';
import { summariseIssues, validateWith } from '../../domain/contract/event.ts';
import { rosterEntrySchema } from '../../domain/contract/roster.ts';
import { convertEvent, type Conversion } from '../pipeline/accept.ts';
import { annotationRow, rosterRow } from '../../domain/reference-rows.ts';
import { convertIssuance } from './issuances.ts';
import { convertFailedSearch, convertSlotPlan } from './slot-plans.ts';
import type { ImportType } from './mapping.ts';

export function conversionFor(type: ImportType): (value: unknown, receivedAt: Date) => Conversion {
  switch (type) {
    case 'roster':
      return (value, receivedAt) => {
        const v = validateWith(rosterEntrySchema, value);
        return v.ok
          ? { ok: true, table: 'roster', row: rosterRow(v.value, receivedAt.getTime()) }
          : {
              ok: false,
              reason: v.issues[0]?.reason ?? 'schema',
              error: summariseIssues(v.issues),
            };
      };
    case 'annotation':
      return (value, receivedAt) => {
        const v = validateWith(annotationSchema, value);
        return v.ok
          ? { ok: true, table: 'annotations', row: annotationRow(v.value, receivedAt.getTime()) }
          : {
              ok: false,
              reason: v.issues[0]?.reason ?? 'schema',
              error: summariseIssues(v.issues),
            };
      };
    case 'issuance':
      return convertIssuance;
    case 'slot-plan':
      return convertSlotPlan;
    case 'failed-search':
      return convertFailedSearch;
    default:
      return convertEvent;
  }
}
