import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { createTestStorage, openTestDatabase, type TestStorage, usingPostgres } from '../support/database.js';

describe(`database (${usingPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  let storage: TestStorage;
  let db: Database;

  beforeAll(async () => {
    storage = await createTestStorage();
    db = await openTestDatabase(storage);
  });
  afterAll(async () => {
    await db?.close();
    await storage?.cleanup();
  });

  it('applies every migration once, in order, and again is a no-op', async () => {
    const first = await migrate(db);
    expect(first.applied).toEqual(migrations.map((migration) => migration.version));
    const second = await migrate(db);
    expect(second.applied).toEqual([]);
    expect(second.current).toBe(Math.max(...migrations.map((migration) => migration.version)));
  });

  it('migration versions are unique and increasing', () => {
    const versions = migrations.map((migration) => migration.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('round-trips the column types we use the same way on both engines', async () => {
    await db.execScript(
      'CREATE TABLE IF NOT EXISTS type_probe (id int PRIMARY KEY, j jsonb, b bytea, t timestamptz, n bigint, s text[])',
    );
    const when = new Date('2025-11-12T02:23:13.588Z');
    await db.query('INSERT INTO type_probe VALUES ($1, $2, $3, $4, $5, $6)', [
      1,
      JSON.stringify({ a: [1, 'x'] }),
      Buffer.from([0, 1, 254, 255]),
      when,
      9_007_199_254,
      ['a', 'b'],
    ]);
    const { rows } = await db.query<{ j: unknown; b: Uint8Array; t: Date; n: number; s: string[] }>(
      'SELECT j, b, t, n, s FROM type_probe WHERE id = 1',
    );
    const row = rows[0]!;
    expect(row.j).toEqual({ a: [1, 'x'] });
    expect([...row.b]).toEqual([0, 1, 254, 255]);
    expect(row.t.toISOString()).toBe(when.toISOString());
    expect(row.n).toBe(9_007_199_254);
    expect(row.s).toEqual(['a', 'b']);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.execScript('CREATE TABLE IF NOT EXISTS tx_probe (v int)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES (1)');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe VALUES (2)');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await db.query<{ v: number }>('SELECT v FROM tx_probe ORDER BY v');
    expect(rows.map((row) => row.v)).toEqual([1]);
  });

  it('returns the last result of a script', async () => {
    const result = await db.execScript<{ x: number }>('SELECT 1 AS x; SELECT 2 AS x');
    expect(result.rows).toEqual([{ x: 2 }]);
  });

  it('reports a SQL error instead of hanging', async () => {
    await expect(db.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    // and the connection still works afterwards
    expect((await db.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]!.ok).toBe(1);
  });
});
