/**
 * The contract's fast path. ajv compiles the JSON Schema that zod derives from the event
 * schemas (so zod stays the one source of truth) into plain JavaScript; together with the
 * same cross-field rule functions zod runs, it decides "valid" in about a microsecond
 * instead of five. It only ever says yes or no: items it refuses go through zod, whose
 * issues name every problem with its reason. A differential test keeps both verdicts equal.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { z } from 'zod';
import { callRules, callSchema } from './call.ts';
import type { RuleIssue } from './common.ts';
import { emailRules, emailSchema } from './email.ts';
import { onlineRules, onlineSchema } from './online.ts';
import { visitRules, visitSchema } from './visit.ts';

const ajv = new Ajv({
  // Lengths in code points (ajv's default), as zod measures them.
  // The date-time pattern zod emits beside `format` is the check; the format name is a label.
  formats: { 'date-time': true },
  // Fills `persons: 1` like zod's default, so the accepted item has the output type.
  useDefaults: true,
  allErrors: false,
  strict: true,
});

function compile(schema: z.ZodType): ValidateFunction {
  return ajv.compile(z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }));
}

const checks: Record<
  string,
  { schema: ValidateFunction; rules: (v: Record<string, unknown>) => RuleIssue[] }
> = {
  visit: { schema: compile(visitSchema), rules: visitRules },
  call: { schema: compile(callSchema), rules: callRules },
  email: { schema: compile(emailSchema), rules: emailRules },
  online: { schema: compile(onlineSchema), rules: onlineRules },
};

/**
 * True when `raw` is a valid event of the contract. May add defaulted fields to `raw`.
 * False means "ask zod"; it never explains why.
 */
export function passesContract(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const type = (raw as { type?: unknown }).type;
  const check = typeof type === 'string' && Object.hasOwn(checks, type) ? checks[type] : undefined;
  if (!check || !check.schema(raw)) return false;
  return check.rules(raw as Record<string, unknown>).length === 0;
}
