import { fail } from '@sveltejs/kit';
import {
  addToken,
  readTokens,
  removeToken,
  tokenFile,
  TOKEN_SCOPES,
  type TokenScope,
} from '$auth/token-store.ts';
import { loadServiceCatalog } from '$domain/catalog/service-catalog.ts';
import { annotations } from '$queries/annotations/annotations.query.ts';
import {
  addUser,
  readUsers,
  removeUser,
  ROLE_LABELS,
  ROLES,
  type Role,
} from '$server/user-store.ts';
import { endSessionsOf } from '$server/sessions.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { narrowestRole } from '$lib/access.ts';
import { isRole } from '$domain/roles.ts';
import { deleteAnnotation, saveAnnotation } from '$lib/server/annotation-writer.ts';
import { randomBytes } from 'node:crypto';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
  users: readUsers().map(({ name, role, createdAt }) => ({
    name,
    role,
    roleLabel: ROLE_LABELS[role],
    createdAt,
  })),
  tokens: readTokens(tokenFile()).map(({ name, scope, source, createdAt, role }) => ({
    name,
    scope,
    source,
    createdAt,
    roleLabel: ROLE_LABELS[role ?? narrowestRole()],
  })),
  defaultTokenRole: narrowestRole(),
  annotations: await annotations(readerWarehouse()),
  services: loadServiceCatalog().services.map((s) => ({ code: s.code, name: s.name })),
  roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
});

function text(form: FormData, key: string): string {
  return String(form.get(key) ?? '').trim();
}

export const actions: Actions = {
  addUser: async ({ request }) => {
    const form = await request.formData();
    const name = text(form, 'name').toLowerCase();
    const role = text(form, 'role') as Role;
    if (!ROLES.includes(role))
      return fail(400, { section: 'users', error: 'Bitte eine Rolle wählen.' });
    const password = randomBytes(12).toString('base64url');
    try {
      addUser(name, role, password);
    } catch (err) {
      return fail(400, { section: 'users', error: (err as Error).message });
    }
    return {
      section: 'users',
      message: `Benutzer „${name}“ angelegt. Einmaliges Passwort: ${password}`,
    };
  },
  removeUser: async ({ request, locals }) => {
    const name = text(await request.formData(), 'name');
    if (locals.principal?.name === name)
      return fail(400, { section: 'users', error: 'Das eigene Konto kann nicht gelöscht werden.' });
    removeUser(name);
    endSessionsOf(name);
    return { section: 'users', message: `Benutzer „${name}“ gelöscht.` };
  },
  addToken: async ({ request }) => {
    const form = await request.formData();
    const name = text(form, 'name');
    const scope = text(form, 'scope') as TokenScope;
    if (!TOKEN_SCOPES.includes(scope))
      return fail(400, { section: 'tokens', error: 'Bitte einen Zweck wählen.' });
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name))
      return fail(400, {
        section: 'tokens',
        error: 'Name: 1–64 Zeichen aus Buchstaben, Ziffern, „.“, „_“ oder „-“.',
      });
    try {
      const role = text(form, 'role');
      if (scope === 'read' && !isRole(role))
        return fail(400, {
          section: 'tokens',
          error: 'Bitte eine Rolle für das Lese-Token wählen.',
        });
      const token = addToken({
        name,
        scope,
        source: text(form, 'source') || name,
        ...(scope === 'read' ? { role: role as Role } : {}),
      });
      return {
        section: 'tokens',
        message: `Token „${name}“ angelegt. Es wird nur jetzt angezeigt: ${token}`,
      };
    } catch (err) {
      return fail(400, { section: 'tokens', error: (err as Error).message });
    }
  },
  removeToken: async ({ request }) => {
    const form = await request.formData();
    removeToken(text(form, 'name'), text(form, 'scope') as TokenScope);
    return { section: 'tokens', message: `Token „${text(form, 'name')}“ widerrufen.` };
  },
  saveAnnotation: async ({ request }) => {
    const form = await request.formData();
    const values = {
      id: text(form, 'id'),
      date: text(form, 'date'),
      title: text(form, 'title'),
      service: text(form, 'service'),
      team: text(form, 'team'),
    };
    const result = await saveAnnotation(values);
    // The form comes back filled in, so nothing typed is lost when it was not saved.
    if (!result.ok)
      return fail(result.status, { section: 'annotations', error: result.error, values });
    return { section: 'annotations', message: 'Anmerkung gespeichert.' };
  },
  deleteAnnotation: async ({ request }) => {
    const id = text(await request.formData(), 'id');
    const result = id
      ? await deleteAnnotation(id)
      : { ok: false as const, status: 404, error: 'Anmerkung nicht gefunden.' };
    if (!result.ok) return fail(result.status, { section: 'annotations', error: result.error });
    return { section: 'annotations', message: 'Anmerkung gelöscht.' };
  },
};
