import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  addressKey,
  LoginThrottle,
  type LoginAttempt,
} from '../../dashboard/server/login-throttle.ts';

const T0 = 1_000_000_000_000;

/** One attempt that, if allowed, fails at `now`; the wait in seconds if refused, else 0. */
function fail(throttle: LoginThrottle, address: string, account: string, now: number): number {
  const attempt = throttle.begin(address, account, now);
  if (!attempt.allowed) return attempt.retryAfterSeconds;
  attempt.failed(now);
  return 0;
}

function allowed(attempt: LoginAttempt): attempt is Extract<LoginAttempt, { allowed: true }> {
  return attempt.allowed;
}

describe('login throttle', () => {
  it('lets a few failures through, then makes the address wait, doubling up to the cap', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < ADDRESS_POLICY.free; i++)
      expect(fail(throttle, '10.0.0.1', `name${i}`, T0)).toBe(0);
    expect(fail(throttle, '10.0.0.1', 'other', T0)).toBe(1);
    // Waiting relaxes it; each further failure doubles the wait.
    let now = T0 + 1000;
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) {
      const attempt = throttle.begin('10.0.0.1', `spray${i}`, now);
      expect(attempt.allowed).toBe(true);
      if (allowed(attempt)) attempt.failed(now);
      const refused = throttle.begin('10.0.0.1', `spray${i}`, now);
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) waits.push(refused.retryAfterSeconds);
      now += waits.at(-1)! * 1000;
    }
    expect(waits.slice(0, 6)).toEqual([2, 4, 8, 16, 32, 64]);
    expect(Math.max(...waits)).toBe(ADDRESS_POLICY.capMs / 1000);
    // Another address is not affected.
    expect(fail(throttle, '10.0.0.2', 'spray0', now)).toBe(0);
  });

  it('forgets an address after a success and after a quiet period', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < ADDRESS_POLICY.free; i++) fail(throttle, '10.0.0.1', 'amtsleitung', T0);
    expect(throttle.begin('10.0.0.1', 'x', T0).allowed).toBe(false);
    const later = throttle.begin('10.0.0.1', 'amtsleitung', T0 + 60_000);
    expect(allowed(later)).toBe(true);
    if (allowed(later)) later.succeeded(T0 + 60_000);
    for (let i = 0; i < ADDRESS_POLICY.free; i++)
      expect(fail(throttle, '10.0.0.1', 'x', T0 + 61_000)).toBe(0);
    expect(throttle.begin('10.0.0.1', 'y', T0 + 61_000).allowed).toBe(false);
    expect(throttle.begin('10.0.0.1', 'y', T0 + 61_000 + ADDRESS_POLICY.quietMs + 1).allowed).toBe(
      true,
    );
  });

  it('holds an account back only briefly, and never for a clean address', () => {
    const throttle = new LoginThrottle();
    // Attackers from many addresses: each address fails a few times for the same account.
    let now = T0;
    for (let a = 0; a < 40; a++) {
      for (let i = 0; i < 3; i++) fail(throttle, `10.1.0.${a}`, 'amtsleitung', now);
      now += 100;
    }
    // An attacker address that already failed waits for the account, at most the short cap.
    const refused = throttle.begin('10.1.0.39', 'amtsleitung', now);
    expect(refused).toMatchObject({ allowed: false });
    if (!refused.allowed)
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(ACCOUNT_POLICY.capMs / 1000);
    // The real user at their own address gets checked at once.
    const real = throttle.begin('192.168.7.20', 'amtsleitung', now);
    expect(real.allowed).toBe(true);
    if (allowed(real)) real.succeeded(now);
    // After a success the account is forgotten: the attackers meet only their own address waits.
    expect(throttle.begin('10.1.0.39', 'amtsleitung', now).allowed).toBe(true);
  });

  it('treats known and unknown names alike (it never knows which is which)', () => {
    const throttle = new LoginThrottle();
    const waits = (name: string, address: string) =>
      Array.from({ length: 8 }, (_, i) => fail(throttle, address, name, T0 + i));
    expect(waits('amtsleitung', '10.0.0.1')).toEqual(waits('gibt-es-nicht', '10.0.0.2'));
  });

  it('lets at most a few attempts of one address run at once', () => {
    const throttle = new LoginThrottle();
    const running = Array.from({ length: 10 }, () => throttle.begin('10.0.0.9', 'team', T0));
    expect(running.filter((a) => a.allowed)).toHaveLength(4);
    for (const a of running) if (allowed(a)) a.abandoned();
    expect(throttle.begin('10.0.0.9', 'team', T0).allowed).toBe(true);
  });

  it('stays bounded in size however many addresses and names come', () => {
    const throttle = new LoginThrottle(500);
    for (let i = 0; i < 5000; i++)
      fail(throttle, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, `n${i}`, T0 + i);
    expect(throttle.size.addresses).toBeLessThanOrEqual(500);
    expect(throttle.size.accounts).toBeLessThanOrEqual(500);
    // What was failing last is kept, so a flood of others does not reset an attacker.
    for (let i = 0; i < ADDRESS_POLICY.free; i++) fail(throttle, '172.16.0.1', `m${i}`, T0 + 6000);
    for (let i = 0; i < 400; i++) fail(throttle, `10.9.${i >> 8}.${i & 255}`, `o${i}`, T0 + 6001);
    expect(throttle.begin('172.16.0.1', 'z', T0 + 6002).allowed).toBe(false);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped one by its IPv4 address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(addressKey('10.0.0.1')).toBe('10.0.0.1');
    const throttle = new LoginThrottle();
    for (let i = 0; i < ADDRESS_POLICY.free; i++) fail(throttle, `2001:db8:1:2::${i + 1}`, 'x', T0);
    expect(throttle.begin('2001:db8:1:2:ffff::7', 'y', T0).allowed).toBe(false);
  });
});
