/**
 * Page loads answer like the read API: 503 when the database cannot be reached, 422 when
 * the data cannot answer (too little history), the error page with that German sentence.
 * Anything else goes on to `handleError` as the bug it is (500, logged).
 */
import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import { describeFailure } from './failure.ts';

export function guarded<A extends unknown[], R>(load: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await load(...args);
    } catch (err) {
      if (isHttpError(err) || isRedirect(err)) throw err;
      const failure = describeFailure(err);
      if (failure.status === 500) throw err;
      console.error(`Seite: ${(err as Error).message}`);
      error(failure.status, failure.message);
    }
  };
}
