/**
 * The site registry: every office and 115 service centre a deployment serves, with its German
 * name, kind, state and (for per-capita figures) residents. Reference data like the service
 * catalog: a JSON file (LAGEBILD_SITES) synced into the `sites` table.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../../config/environment.ts';

export const SITE_KINDS = ['office', 'service-centre'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  office: 'Bürgerbüro',
  'service-centre': '115-Servicecenter',
};

/** The 16 Länder by their ISO 3166-2 suffix. */
export const STATES = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;

/** Site codes as users type them in `--sites` and URLs: lower case, digits and hyphens. */
export const SITE_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

const siteSchema = z.strictObject({
  code: z.string().regex(SITE_CODE, 'Kürzel: a–z, 0–9 und "-", höchstens 64 Zeichen'),
  name: z.string().min(1).max(200),
  kind: z.enum(SITE_KINDS),
  state: z.enum(STATES),
  residents: z.number().int().positive().optional(),
});

export type Site = z.infer<typeof siteSchema>;
export interface SiteRegistry {
  sites: Site[];
}

/** Line (1-based) where the n-th object inside the top-level array starts, for error messages. */
function lineOfEntry(text: string, n: number): number | undefined {
  let depth = 0;
  let line = 1;
  let seen = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      // depth 1: the file's object, 2: the sites array, 3: one entry.
      if (c === '{' && depth === 3 && ++seen === n) return line;
    } else if (c === '}' || c === ']') depth--;
  }
  return undefined;
}

/** Reads the registry (LAGEBILD_SITES or the shipped one) and names the entry and line that is wrong. */
export function loadSiteRegistry(path = loadConfig().siteRegistry): SiteRegistry {
  let text: string;
  let raw: unknown;
  try {
    text = readFileSync(path, 'utf8');
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`Standortliste ${path}: ${(err as Error).message}`);
  }
  const file = z.strictObject({ sites: z.array(z.unknown()).min(1) }).safeParse(raw);
  if (!file.success) throw new Error(`Standortliste ${path}: erwartet {"sites": [...]}`);
  const sites: Site[] = [];
  file.data.sites.forEach((entry, i) => {
    const where = () => {
      const line = lineOfEntry(text, i);
      return `Standortliste ${path}, Eintrag ${i + 1}${line ? ` (Zeile ${line})` : ''}`;
    };
    const parsed = siteSchema.safeParse(entry);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new Error(`${where()}: ${first?.path.join('.') || 'Eintrag'}: ${first?.message}`);
    }
    if (sites.some((s) => s.code === parsed.data.code))
      throw new Error(`${where()}: Kürzel "${parsed.data.code}" kommt doppelt vor`);
    sites.push(parsed.data);
  });
  return { sites };
}

/** The German name of a site, or its code for sites that send data but are not registered. */
export function siteName(registry: SiteRegistry, code: string): string {
  return registry.sites.find((s) => s.code === code)?.name ?? code;
}
