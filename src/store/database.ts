// One SQL dialect (PostgreSQL) over two engines: embedded PGlite and a real PostgreSQL server.

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** Anything that runs one parameterised statement: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** Something that also runs a script of several statements without parameters (migrations). */
export interface ScriptRunner extends Queryable {
  /** Runs every statement of `sql`; the result is the last statement's. */
  execScript<Row = Record<string, unknown>>(sql: string): Promise<QueryResult<Row>>;
}

export interface Database extends ScriptRunner {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: ScriptRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  override name = 'DatabaseError';
}
