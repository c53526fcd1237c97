/**
 * Which ClickHouse failures retrying can fix. Network trouble, overload and a server that
 * is restarting retry for as long as the spool holds the data; malformed data or a schema
 * mismatch will fail the same way forever, so such a segment is moved aside as dead.
 */
import { serverErrorCode } from '../../warehouse/error-code.ts';

const PERMANENT_CODES = new Set([
  '6', // CANNOT_PARSE_TEXT
  '16', // NO_SUCH_COLUMN_IN_TABLE
  '26', // CANNOT_PARSE_QUOTED_STRING
  '27', // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  '36', // BAD_ARGUMENTS
  '38', // CANNOT_PARSE_DATE
  '41', // CANNOT_PARSE_DATETIME
  '53', // TYPE_MISMATCH
  '62', // SYNTAX_ERROR
  '69', // ARGUMENT_OUT_OF_BOUND
  '70', // CANNOT_CONVERT_TYPE
  '72', // CANNOT_PARSE_NUMBER
  '117', // INCORRECT_DATA
  '131', // TOO_LARGE_STRING_SIZE
]);

export function isPermanentInsertError(err: unknown): boolean {
  const code = serverErrorCode(err);
  return code !== undefined && PERMANENT_CODES.has(code);
}
