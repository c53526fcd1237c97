import type { SiteRegistry } from '../domain/sites/site-registry.ts';
import type { Warehouse } from './client.ts';

/** Writes the configured site registry into the warehouse, so queries can join names and residents. */
export async function syncSiteRegistry(wh: Warehouse, registry: SiteRegistry): Promise<void> {
  const version = Date.now();
  await wh.insert(
    'sites',
    registry.sites.map((s) => ({
      code: s.code,
      name: s.name,
      kind: s.kind,
      state: s.state,
      residents: s.residents ?? 0,
      version,
    })),
  );
}
