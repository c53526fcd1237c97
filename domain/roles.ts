/** The roles of people and read tokens; what each may open is the access table's business. */
export const ROLES = ['leitung', 'team', 'planung', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  leitung: 'Amtsleitung',
  team: 'Teamleitung',
  planung: 'Personalplanung',
  admin: 'Administration',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
