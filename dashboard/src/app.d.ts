import type { Role } from '$domain/roles.ts';

declare global {
  namespace App {
    interface Locals {
      /** Who is asking: a logged-in user (session cookie) or an API client (bearer read token). */
      principal: { kind: 'user' | 'token'; name: string; role: Role } | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
