import type { Role } from '$domain/roles.ts';
import type { SiteSet } from '$domain/sites/site-access.ts';

declare global {
  namespace App {
    interface Locals {
      /** Who is asking: a logged-in user (session cookie) or an API client (bearer read token). */
      principal: { kind: 'user' | 'token'; name: string; role: Role; sites: SiteSet } | null;
      /**
       * The one site this request is answered for, decided by the request hook from `site`
       * and the caller's sites; undefined: all sites (only for callers with all sites).
       */
      site: string | undefined;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
