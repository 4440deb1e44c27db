import type { Queryable } from './database.js';

/** Adds counted requests to a project's day (UTC date as YYYY-MM-DD). */
export async function addUsage(
  db: Queryable,
  projectId: string,
  day: string,
  requests: number,
): Promise<void> {
  await db.query(
    `INSERT INTO usage_daily (project_id, day, requests) VALUES ($1, $2::date, $3)
     ON CONFLICT (project_id, day) DO UPDATE SET requests = usage_daily.requests + EXCLUDED.requests`,
    [projectId, day, requests],
  );
}

export async function selectUsage(db: Queryable, projectId: string, day: string): Promise<number> {
  const { rows } = await db.query<{ requests: number }>(
    'SELECT requests FROM usage_daily WHERE project_id = $1 AND day = $2::date',
    [projectId, day],
  );
  return rows[0]?.requests ?? 0;
}
