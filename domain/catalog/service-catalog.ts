import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/environment.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { z } from 'zod';
import { serviceCode } from '../contract/common.ts';

export const SERVICE_DOMAINS = ['melde-pass', 'kfz', 'fahrerlaubnis', 'sonstiges'] as const;
export type ServiceDomain = (typeof SERVICE_DOMAINS)[number];

export const DOMAIN_LABELS: Record<ServiceDomain, string> = {
  'melde-pass': 'Melde/Pass',
  kfz: 'Kfz',
  fahrerlaubnis: 'Fahrerlaubnis',
  sonstiges: 'Sonstiges',
};

const catalogSchema = z.strictObject({
  services: z
    .array(
      z.strictObject({
        code: serviceCode,
        name: z.string().min(1).max(200),
        domain: z.enum(SERVICE_DOMAINS),
        targetMinutes: z.number().positive().max(720),
      }),
    )
    .min(1)
    .refine((s) => new Set(s.map((x) => x.code)).size === s.length, 'service codes must be unique'),
});

export type ServiceCatalog = z.infer<typeof catalogSchema>;
export type Service = ServiceCatalog['services'][number];

export const DEFAULT_CATALOG_PATH = join(PROJECT_ROOT, 'domain/catalog/service-catalog.json');

/** Reads the catalog (LAGEBILD_SERVICE_CATALOG or the shipped one) and names what is wrong in it. */
export function loadServiceCatalog(path = loadConfig().serviceCatalog): ServiceCatalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`service catalog ${path}: ${(err as Error).message}`);
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`service catalog ${path}: ${first?.path.join('.')}: ${first?.message}`);
  }
  return parsed.data;
}
