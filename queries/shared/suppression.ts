/**
 * Small-group suppression (design.md): a cell built from fewer than `LAGEBILD_MIN_GROUP`
 * records shows no figure, only "zu wenige Fälle", so no one can be singled out.
 */
export type Suppressed<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null } & {
  suppressed: boolean;
};

export function suppressSmall<T extends object, K extends keyof T>(
  rows: readonly T[],
  count: (row: T) => number,
  figures: readonly K[],
  minGroup: number,
): Suppressed<T, K>[] {
  return rows.map((row) => {
    if (count(row) >= minGroup) return { ...row, suppressed: false } as Suppressed<T, K>;
    const copy = { ...row, suppressed: true } as Record<string, unknown>;
    for (const f of figures) copy[f as string] = null;
    return copy as Suppressed<T, K>;
  });
}

export const SUPPRESSED_LABEL = 'zu wenige Fälle';
