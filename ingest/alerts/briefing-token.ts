/**
 * The read token with which the briefing is fetched from the dashboard: made anew for each
 * use (only its hash is stored, so an old one cannot be reused), with the narrowest role
 * that may read the briefing.
 */
import { addToken, removeToken } from '../../auth/token-store.ts';

export function freshBriefingToken(name: string, file: string): string {
  removeToken(name, 'read', file);
  return addToken({ name, scope: 'read', role: 'team', source: 'briefing' }, file);
}
