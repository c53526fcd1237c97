/**
 * The closed set of reasons an item is refused for. Every reject carries exactly one,
 * is counted per source and shown on the data-quality page.
 */
export const REJECT_REASONS = [
  'invalid_json',
  'not_an_object',
  'unknown_type',
  'unknown_field',
  'missing_field',
  'schema',
  'time_order',
  'duration',
  'inconsistent',
  'too_large',
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];
