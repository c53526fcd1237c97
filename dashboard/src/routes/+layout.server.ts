import { PAGES } from '$lib/access.ts';
import { ROLE_LABELS } from '$domain/roles.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
  const p = locals.principal;
  if (!p || p.kind !== 'user') return { user: null, nav: [] };
  const role = p.role;
  return {
    user: { name: p.name, role, roleLabel: ROLE_LABELS[role] },
    nav: PAGES.filter((page) => page.roles.includes(role)).map(({ path, label }) => ({
      path,
      label,
    })),
  };
};
