/**
 * How Heute stays current: the page reloads its data under this dependency every
 * `REFRESH_SECONDS`. The ingest service writes about once a second, so this is slower
 * than the data arrives; the server computes the figures at most every `SHARED_SECONDS`
 * for all viewers together.
 */
export const LIVE_DEPENDENCY = 'lagebild:heute';
export const REFRESH_SECONDS = 30;
export const SHARED_SECONDS = 10;
