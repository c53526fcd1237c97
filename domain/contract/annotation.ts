import { z } from 'zod';
import { localDate, serviceCode, shortText, site, team } from './common.ts';

/** A dated remark, above all a process change whose effect the controlling wants to judge. */
export const annotationSchema = z.strictObject({
  id: shortText,
  date: localDate,
  title: z.string().min(1).max(200),
  site: site.optional(),
  team: team.optional(),
  service: serviceCode.optional(),
});

export type Annotation = z.infer<typeof annotationSchema>;
