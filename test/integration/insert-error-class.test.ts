import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPermanentInsertError } from '../../ingest/writer/error-class.ts';
import { serverErrorCode } from '../../warehouse/error-code.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** The error a real insert gets, on whichever engine the suite runs. */
async function insertError(rows: object[]): Promise<unknown> {
  try {
    await db.ingest.insert('annotations', rows);
  } catch (err) {
    return err;
  }
  throw new Error('the insert was expected to fail');
}

describe('classing real insert errors (the batch writer sets permanent ones aside)', () => {
  it('a row the table cannot take is permanent, with the code read from the server', async () => {
    const err = await insertError([{ id: 'a1', date: 'kein Datum', version: 'x' }]);
    expect(serverErrorCode(err)).toMatch(/^\d+$/);
    expect(isPermanentInsertError(err)).toBe(true);
  });

  it('a table that does not exist is not (a migration may still bring it)', async () => {
    let err: unknown;
    try {
      await db.ingest.insert('no_such_table', [{ id: 'a1' }]);
    } catch (e) {
      err = e;
    }
    expect(serverErrorCode(err)).toMatch(/^\d+$/);
    expect(isPermanentInsertError(err)).toBe(false);
  });
});
