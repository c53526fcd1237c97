/**
 * Login throttling, in memory: failed logins are counted per client address and per account
 * name (known or not, so both answer alike). After a few failures the next attempt has to
 * wait, and the wait doubles with every further failure up to a cap.
 *
 * Nothing is ever locked for good, so nobody can lock someone else out:
 * - the address wait is the one that grows (up to 15 minutes): it slows an attacker wherever
 *   the names come from;
 * - the account wait is short (at most 30 seconds) and only holds back addresses that have
 *   failed themselves lately, so the real user at a clean address still gets in while an
 *   attacker elsewhere keeps guessing; guesses spread over many addresses still meet it.
 *
 * A success forgets the address and the account; a quiet period forgets them too. The maps
 * are bounded: when full, stale entries go first, then the least recently failed.
 */

interface Policy {
  /** Failures before any wait. */
  free: number;
  /** Wait after the first failure beyond `free`; doubles with each further one. */
  baseMs: number;
  capMs: number;
  /** An entry without failures for this long is forgotten. */
  quietMs: number;
}

export const ADDRESS_POLICY: Policy = {
  free: 5,
  baseMs: 1000,
  capMs: 15 * 60_000,
  quietMs: 30 * 60_000,
};
export const ACCOUNT_POLICY: Policy = {
  free: 5,
  baseMs: 1000,
  capMs: 30_000,
  quietMs: 15 * 60_000,
};
/** Attempts running at once per address before the next one waits for them. */
const MAX_IN_FLIGHT = 4;
const IN_FLIGHT_WAIT_MS = 1000;

interface Entry {
  failures: number;
  lastFailure: number;
  inFlight: number;
}

export type LoginAttempt =
  | { allowed: false; retryAfterSeconds: number }
  | { allowed: true; succeeded(at?: number): void; failed(at?: number): void; abandoned(): void };

class Counter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly policy: Policy,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The live entry of a key, or undefined once its quiet period has passed. */
  get(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.inFlight === 0 && now - entry.lastFailure > this.policy.quietMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Milliseconds until the key may try again (0: now). */
  waitMs(entry: Entry | undefined, now: number): number {
    if (!entry || entry.failures < this.policy.free) return 0;
    const delay = Math.min(
      this.policy.capMs,
      this.policy.baseMs * 2 ** Math.min(30, entry.failures - this.policy.free),
    );
    return Math.max(0, entry.lastFailure + delay - now);
  }

  open(key: string, now: number): Entry {
    let entry = this.get(key, now);
    if (!entry) {
      this.makeRoom(now);
      entry = { failures: 0, lastFailure: now, inFlight: 0 };
      this.entries.set(key, entry);
    }
    entry.inFlight++;
    return entry;
  }

  close(key: string, entry: Entry, outcome: 'failed' | 'succeeded' | 'abandoned', now: number) {
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    if (outcome === 'succeeded') this.entries.delete(key);
    else if (outcome === 'failed') {
      entry.failures++;
      entry.lastFailure = now;
      // Re-inserted, so the map's order stays "least recently failed first" for eviction.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else if (entry.failures === 0 && entry.inFlight === 0) this.entries.delete(key);
  }

  private makeRoom(now: number): void {
    if (this.entries.size < this.maxEntries) return;
    for (const [key, entry] of this.entries)
      if (entry.inFlight === 0 && now - entry.lastFailure > this.policy.quietMs)
        this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/** IPv6 clients usually own a whole /64, so that is what counts as one address. */
export function addressKey(address: string): string {
  if (!address.includes(':') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export class LoginThrottle {
  private readonly addresses: Counter;
  private readonly accounts: Counter;

  constructor(maxEntries = 10_000) {
    this.addresses = new Counter(ADDRESS_POLICY, maxEntries);
    this.accounts = new Counter(ACCOUNT_POLICY, maxEntries);
  }

  /** Entries held, for the size bound. */
  get size(): { addresses: number; accounts: number } {
    return { addresses: this.addresses.size, accounts: this.accounts.size };
  }

  /**
   * Asks whether a login from `address` for `account` may be checked now. An allowed attempt
   * must be ended with succeeded(), failed() or abandoned() (an error before the verdict).
   */
  begin(address: string, account: string, now = Date.now()): LoginAttempt {
    const addressId = addressKey(address);
    // Names are at most 40 characters; a longer one must not make a key of any size.
    const accountId = account.slice(0, 64);
    const byAddress = this.addresses.get(addressId, now);
    const byAccount = this.accounts.get(accountId, now);
    const addressHasFailed = !!byAddress && byAddress.failures > 0;
    const waitMs = Math.max(
      this.addresses.waitMs(byAddress, now),
      addressHasFailed ? this.accounts.waitMs(byAccount, now) : 0,
      byAddress && byAddress.inFlight >= MAX_IN_FLIGHT ? IN_FLIGHT_WAIT_MS : 0,
    );
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
    const a = this.addresses.open(addressId, now);
    const b = this.accounts.open(accountId, now);
    let ended = false;
    // The wait counts from the verdict, which comes after the hashing.
    const end = (outcome: 'failed' | 'succeeded' | 'abandoned', at: number) => {
      if (ended) return;
      ended = true;
      this.addresses.close(addressId, a, outcome, at);
      this.accounts.close(accountId, b, outcome, at);
    };
    return {
      allowed: true,
      succeeded: (at = Date.now()) => end('succeeded', at),
      failed: (at = Date.now()) => end('failed', at),
      abandoned: () => end('abandoned', Date.now()),
    };
  }
}

/** The dashboard process's one throttle. */
export const loginThrottle = new LoginThrottle();
