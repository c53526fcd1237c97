/**
 * Parse step: a request body as a JSON array or as NDJSON, each item with its raw text
 * and line, so a reject can be stored exactly as it came. JSON.parse does the work; only
 * on failure does jsonc-parser locate the error (V8's messages carry no position).
 */
import { parse as locateParse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { RejectReason } from '../../domain/contract/reject-reasons.ts';

export interface ParsedItem {
  index: number;
  /** 1-based line in the body (NDJSON), 0 for items of a JSON array. */
  line: number;
  raw: string;
  value?: unknown;
  /** Set when the item could not even be read (an NDJSON line that is not JSON, a CSV cell that does not convert); the others still count. */
  invalid?: { reason: RejectReason; message: string };
}

export interface BodyError {
  message: string;
  line: number;
  column: number;
}

export type ParseResult = { ok: true; items: ParsedItem[] } | { ok: false; error: BodyError };

/** Longest raw text kept per item in the rejects store. */
export const MAX_RAW_CHARS = 65_536;

export function clip(s: string, max = MAX_RAW_CHARS): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where and why `text` is not JSON. */
export function locateJsonError(text: string): { message: string; offset: number } {
  const errors: ParseError[] = [];
  try {
    locateParse(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
  } catch {
    return { message: 'not parseable', offset: 0 };
  }
  const first = errors[0];
  return first
    ? { message: printParseErrorCode(first.error), offset: first.offset }
    : { message: 'not valid JSON', offset: 0 };
}

/** Events nest three levels deep; anything far deeper is refused before it is parsed. */
export const MAX_DEPTH = 16;

/** Offset where nesting exceeds `max` levels (outside strings), or -1. */
export function tooDeepAt(text: string, max = MAX_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

export function parseJsonArray(text: string): ParseResult {
  const deepAt = tooDeepAt(text);
  if (deepAt >= 0) {
    return {
      ok: false,
      error: {
        message: `JSON nested deeper than ${MAX_DEPTH} levels`,
        ...lineAndColumn(text, deepAt),
      },
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const located = locateJsonError(text);
    return {
      ok: false,
      error: {
        message: `invalid JSON: ${located.message}`,
        ...lineAndColumn(text, located.offset),
      },
    };
  }
  if (!Array.isArray(value)) {
    return {
      ok: false,
      error: {
        message:
          'expected a JSON array of events (or NDJSON with Content-Type application/x-ndjson)',
        line: 1,
        column: 1,
      },
    };
  }
  return {
    ok: true,
    items: value.map((v, index) => ({
      index,
      line: 0,
      raw: clip(JSON.stringify(v) ?? String(v)),
      value: v,
    })),
  };
}

/**
 * NDJSON: one item per non-empty line, handed to `onItem` as soon as it is parsed (so it
 * need not outlive its line). A line that is not JSON becomes a reject of its own; only a
 * body in which no line is JSON is refused as a whole, and the caller then drops what it
 * was handed.
 */
export function parseNdjson(
  text: string,
  onItem: (item: ParsedItem) => void,
): { ok: true } | { ok: false; error: BodyError } {
  let index = 0;
  let firstError: BodyError | undefined;
  let parsedAny = false;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line.trim() === '') continue;
    // No depth scan per line: V8 parses deep nesting without recursion, and the contract
    // refuses anything nested at the first level that is not an object.
    let item: ParsedItem;
    try {
      item = { index, line: lineNo, raw: clip(line), value: JSON.parse(line) };
      parsedAny = true;
    } catch {
      const located = locateJsonError(line);
      const message = `invalid JSON at line ${lineNo}, column ${located.offset + 1}: ${located.message}`;
      firstError ??= { message, line: lineNo, column: located.offset + 1 };
      item = { index, line: lineNo, raw: clip(line), invalid: { reason: 'invalid_json', message } };
    }
    index++;
    onItem(item);
  }
  if (!parsedAny)
    return {
      ok: false,
      error: firstError ?? { message: 'empty body: no events', line: 1, column: 1 },
    };
  return { ok: true };
}
