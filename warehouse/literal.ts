/**
 * The only way values enter SQL. ClickHouse 18.16 has no query parameters, so every
 * value is rendered as a typed literal here: strings escaped per ClickHouse's rules,
 * numbers and dates checked before they are written. Callers never concatenate raw input.
 */
import { isLocalDate, type LocalDate } from '../calendar/local-date.ts';

/** A fragment of SQL that is known to be safe (built only by the functions below). */
export class Sql {
  readonly #text: string;
  private constructor(text: string) {
    this.#text = text;
  }
  static trusted(text: string): Sql {
    return new Sql(text);
  }
  toString(): string {
    return this.#text;
  }
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function escapeString(s: string): string {
  if (!s.isWellFormed()) throw new TypeError('string literal contains a lone surrogate');
  // Remaining control characters become \xHH so the query text never carries raw control bytes.
  return s.replace(
    // eslint-disable-next-line no-control-regex
    /[\\'\u0000-\u001f\u007f]/g,
    (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function checkedInteger(n: number | bigint, min: bigint, max: bigint, what: string): string {
  if (typeof n === 'number' && !Number.isSafeInteger(n))
    throw new TypeError(`${what}: ${n} is not a safe integer`);
  const b = BigInt(n);
  if (b < min || b > max) throw new RangeError(`${what}: ${n} out of range`);
  return b.toString();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD hh:mm:ss` in UTC, the form ClickHouse parses on every version. */
export function utcDateTimeText(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new TypeError('invalid date-time');
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

export const lit = {
  string(s: string): Sql {
    if (typeof s !== 'string') throw new TypeError('string literal: not a string');
    return Sql.trusted(`'${escapeString(s)}'`);
  },
  int(n: number | bigint): Sql {
    return Sql.trusted(checkedInteger(n, -(2n ** 63n), 2n ** 63n - 1n, 'integer literal'));
  },
  uint(n: number | bigint): Sql {
    return Sql.trusted(checkedInteger(n, 0n, 2n ** 64n - 1n, 'unsigned integer literal'));
  },
  float(n: number): Sql {
    if (!Number.isFinite(n)) throw new TypeError(`float literal: ${n} is not finite`);
    return Sql.trusted(`toFloat64(${JSON.stringify(n)})`);
  },
  bool(b: boolean): Sql {
    return Sql.trusted(b ? '1' : '0');
  },
  /** A Europe/Berlin calendar day as a ClickHouse `Date`. */
  date(d: LocalDate): Sql {
    if (typeof d !== 'string' || !isLocalDate(d))
      throw new TypeError(`date literal: "${String(d)}" is not YYYY-MM-DD`);
    return Sql.trusted(`toDate('${d}')`);
  },
  /** An instant as a UTC `DateTime`. */
  dateTime(d: Date): Sql {
    return Sql.trusted(`toDateTime('${utcDateTimeText(d)}', 'UTC')`);
  },
  /** One of a fixed list of allowed values, rendered as a string literal. */
  enumValue<T extends string>(allowed: readonly T[], value: string, what = 'value'): Sql {
    if (!allowed.includes(value as T))
      throw new RangeError(`${what}: "${value}" is not one of ${allowed.join(', ')}`);
    return lit.string(value);
  },
  /** A list for `x IN (...)`; must not be empty. */
  inList<T>(items: readonly T[], each: (item: T) => Sql): Sql {
    if (items.length === 0) throw new RangeError('IN list: no values');
    return Sql.trusted(`(${items.map((i) => each(i).toString()).join(', ')})`);
  },
  array<T>(items: readonly T[], each: (item: T) => Sql): Sql {
    return Sql.trusted(`[${items.map((i) => each(i).toString()).join(', ')}]`);
  },
};

/** A database, table or column name: plain identifiers only, quoted with backticks. */
export function ident(name: string): Sql {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name))
    throw new RangeError(`identifier "${name}" is not allowed`);
  return Sql.trusted(`\`${name}\``);
}

/** Tagged template: interpolations must be `Sql` fragments (from `lit`/`ident`), never raw values. */
export function sql(strings: TemplateStringsArray, ...values: Sql[]): Sql {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    if (!(v instanceof Sql))
      throw new TypeError('sql``: interpolate only lit.* or ident() fragments');
    out += v.toString() + (strings[i + 1] ?? '');
  });
  return Sql.trusted(out);
}
