import type { Role } from './config.ts';

export type SettingValue = number | string;

/**
 * What each of the three roles may do, in ClickHouse settings: the one source for the managed
 * server's users.xml, for `lagebild db grants` (SQL access control on a current server) and for
 * the embedded test engine's sessions. The grants themselves (which statements on which
 * database) are in `grants.ts`.
 */
export const ROLE_LIMITS: Record<Role, Record<string, SettingValue>> = {
  admin: {},
  // May insert but never create, alter or drop.
  ingest: { allow_ddl: 0 },
  // readonly = 1 also forbids raising any of these limits per query.
  reader: {
    max_execution_time: 30,
    max_result_rows: 1_000_000,
    result_overflow_mode: 'throw',
    readonly: 1,
  },
};

/**
 * How every role reads results: 64-bit integers as JSON numbers. A current server quotes them
 * by default (18.16 set up here does not), so the profile says it, for both versions alike.
 */
export const FORMAT_SETTINGS: Record<string, SettingValue> = {
  output_format_json_quote_64bit_integers: 0,
};

/** The managed server shares its machine with ingest and dashboard: it gets less of it. */
export const MANAGED_RESOURCES: Record<Role, Record<string, SettingValue>> = {
  admin: { max_threads: 2, max_memory_usage: 8_000_000_000 },
  ingest: { max_threads: 2, max_memory_usage: 8_000_000_000 },
  reader: { max_threads: 2, max_memory_usage: 4_000_000_000 },
};

/** A role's settings in the order they can be applied (readonly last: it forbids later SETs). */
export function roleSettings(
  role: Role,
  resources: Record<string, SettingValue> = {},
): [string, SettingValue][] {
  const all = { ...resources, ...FORMAT_SETTINGS, ...ROLE_LIMITS[role] };
  return Object.entries(all).sort(
    ([a], [b]) => Number(a === 'readonly') - Number(b === 'readonly'),
  );
}
