/**
 * The colour theme a person chose in the header, kept in a cookie so the server renders the
 * page in it at once (no flash of the other theme). Without a choice nothing is set and
 * KERN's own `prefers-color-scheme` rules follow the system setting.
 */
export const THEME_COOKIE = 'lagebild_theme';
/** A choice is kept 400 days, the longest Chromium keeps a cookie. */
export const THEME_COOKIE_MAX_AGE = 400 * 24 * 3600;

export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_LABELS: Record<ThemeChoice, string> = {
  system: 'Wie im System',
  light: 'Hell',
  dark: 'Dunkel',
};

export function themeChoice(value: string | null | undefined): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The `<html>` attribute KERN reads (rendered into app.html's `%lagebild.theme%`). */
export function themeAttribute(choice: ThemeChoice): string {
  return choice === 'system' ? '' : `data-kern-theme="${choice}"`;
}
