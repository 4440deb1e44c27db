import fs from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, QueryResult, ScriptRunner } from './database.js';
import { DatabaseError } from './database.js';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.js';

function wrap(target: PGlite | Transaction): ScriptRunner {
  return {
    async execScript<Row>(sql: string): Promise<QueryResult<Row>> {
      const results = await target.exec(sql);
      const last = results.at(-1);
      return { rows: (last?.rows ?? []) as Row[], rowCount: last?.affectedRows ?? 0 };
    },
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

/**
 * Opens (creating on first use) the embedded database in `directory`. One process at a time may hold it:
 * a lock file names the owner, and a second opener gets a clear error instead of corrupting the data.
 */
export async function openPgliteDatabase(directory: string): Promise<Database> {
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const lock: DirectoryLock = acquireDirectoryLock(`${directory}.lock`, 'embedded database');
  let pglite: PGlite;
  try {
    // int8 as a number, as the PostgreSQL driver is set to return it.
    pglite = await PGlite.create(directory, { parsers: { 20: (value: string) => Number(value) } });
  } catch (error) {
    lock.release();
    throw new DatabaseError(`cannot open the embedded database in ${directory}: ${(error as Error).message}`);
  }
  const queryable = wrap(pglite);
  return {
    kind: 'pglite',
    query: queryable.query,
    execScript: queryable.execScript,
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    async close() {
      try {
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}
