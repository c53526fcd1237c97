import { describe, expect, it } from 'vitest';
import { safeNext } from '../../dashboard/src/routes/login/safe-next.ts';

const ORIGIN = 'http://127.0.0.1:3000';

describe('where the login sends the user on (next)', () => {
  it.each([
    ['/', '/'],
    ['/morgenbriefing', '/morgenbriefing'],
    [
      '/kontaktvolumen?from=2026-11-02&to=2026-11-08',
      '/kontaktvolumen?from=2026-11-02&to=2026-11-08',
    ],
    ['/datenqualitaet?site=K%C3%B6ln#liste', '/datenqualitaet?site=K%C3%B6ln#liste'],
    ['/prognose/../verwaltung', '/verwaltung'],
  ])('keeps the dashboard path %s', (next, expected) => {
    expect(safeNext(next, ORIGIN)).toBe(expected);
  });

  it.each([
    null,
    '',
    '//evil.example',
    '//evil.example/x',
    'https://evil.example',
    'http://127.0.0.1:3000.evil.example/',
    'javascript:alert(1)',
    'evil.example',
    '/\\evil.example/x',
    '\\\\evil.example',
    '/\t/evil.example/x',
    '/%09/evil.example/x',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/\n/evil.example',
    '/%0d%0a/evil.example',
    '/\u0000/evil.example',
    '/%00x',
    '/.//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/%2e%2e//evil.example',
    '/%E0%A4%A',
    '/%c0',
  ])('sends %j to the start page', (next) => {
    expect(safeNext(next, ORIGIN)).toBe('/');
  });

  it('checks against the configured origin, https included', () => {
    expect(safeNext('/saison', 'https://lagebild.stadt.example')).toBe('/saison');
    expect(safeNext('http://lagebild.stadt.example/saison', 'https://lagebild.stadt.example')).toBe(
      '/',
    );
  });
});
