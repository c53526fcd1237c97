import { LIVE_DEPENDENCY, REFRESH_SECONDS } from '$lib/components/live/refresh.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import { kpiSettings } from '$queries/targets.ts';
import { currentLive } from './live.server.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ depends, locals }) => {
  depends(LIVE_DEPENDENCY);
  return {
    ...(await currentLive(locals.site)),
    refreshSeconds: REFRESH_SECONDS,
    serviceLevelTarget: kpiSettings().targets.serviceLevel,
  };
});
