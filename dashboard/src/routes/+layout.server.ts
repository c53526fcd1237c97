import { PAGES } from '$lib/access.ts';
import { ROLE_LABELS } from '$domain/roles.ts';
import { THEME_COOKIE, themeChoice } from '$lib/theme-preference.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, cookies }) => {
  const theme = themeChoice(cookies.get(THEME_COOKIE));
  const p = locals.principal;
  if (!p || p.kind !== 'user') return { user: null, nav: [], theme };
  const role = p.role;
  return {
    theme,
    user: { name: p.name, role, roleLabel: ROLE_LABELS[role] },
    nav: PAGES.filter((page) => page.roles.includes(role)).map(({ path, label }) => ({
      path,
      label,
    })),
  };
};
