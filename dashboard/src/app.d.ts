declare global {
  namespace App {
    interface Locals {
      /** Who is asking: a logged-in user (session cookie) or an API client (bearer read token). */
      principal:
        | { kind: 'user'; name: string; role: string }
        | { kind: 'token'; name: string; role: 'api' }
        | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
