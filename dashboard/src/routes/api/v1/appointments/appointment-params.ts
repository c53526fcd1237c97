/**
 * The parameters of the appointment routes: `from`, `to`, `site` (through the shared parser,
 * so site access covers them), `service`, `format`, and those a route adds. Any other
 * parameter is refused rather than silently ignored.
 */
import { parseService, rangeScope } from '$lib/server/api/params.ts';
import type { AppointmentParams } from '$queries/appointments/lead-time.query.ts';
import { ParamError } from '$queries/shared/range.ts';
import type { Warehouse } from '$warehouse/client.ts';

const COMMON = ['from', 'to', 'site', 'service', 'format'];

export async function appointmentParams(
  q: URLSearchParams,
  wh: Warehouse,
  extra: readonly string[] = [],
): Promise<AppointmentParams> {
  const allowed = [...COMMON, ...extra];
  for (const name of q.keys())
    if (!allowed.includes(name))
      throw new ParamError(name, `unknown parameter (allowed: ${allowed.join(', ')})`);
  const { from, to, site } = await rangeScope(q, wh);
  return { from, to, site, service: parseService(q) };
}

/** `risk`: the accepted chance that more customers show than there are slots, default 5 %. */
export function parseRisk(q: URLSearchParams): number {
  const v = q.get('risk');
  if (v === null || v === '') return 0.05;
  const n = Number(v);
  if (!/^0?\.\d+$/.test(v) || !(n > 0 && n <= 0.5))
    throw new ParamError('risk', `"${v}" is not a probability above 0 and at most 0.5`);
  return n;
}
