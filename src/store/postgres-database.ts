import pg from 'pg';
import type { Database, QueryResult, ScriptRunner } from './database.js';

function wrap(client: pg.Pool | pg.PoolClient): ScriptRunner {
  return {
    async execScript<Row>(sql: string): Promise<QueryResult<Row>> {
      // The simple-query protocol answers a script with one result per statement.
      const results: pg.QueryResult | pg.QueryResult[] = await client.query(sql);
      const last = Array.isArray(results) ? results.at(-1) : results;
      return { rows: (last?.rows ?? []) as Row[], rowCount: last?.rowCount ?? 0 };
    },
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

// int8 (bigint) comes back as a string by default; our counters fit in a double, so read them as numbers
// to match what PGlite returns.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openPostgresDatabase(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();
  const queryable = wrap(pool);
  return {
    kind: 'postgres',
    query: queryable.query,
    execScript: queryable.execScript,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
