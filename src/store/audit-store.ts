import type { Queryable } from './database.js';

/** One line of the audit trail: who did what to which subject. Never holds personal data itself. */
export interface AuditEntry {
  readonly projectId?: string | null;
  /** `api-key:<id>`, `admin:<email>`, `cli` or `system`. */
  readonly actor: string;
  readonly action: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly details?: Record<string, unknown>;
}

export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (project_id, actor, action, subject_type, subject_id, details)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.projectId ?? null,
      entry.actor,
      entry.action,
      entry.subjectType ?? null,
      entry.subjectId ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

export interface AuditRow {
  id: number;
  at: Date;
  project_id: string | null;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

export async function selectAudit(
  db: Queryable,
  filter: { subjectType?: string; subjectId?: string; projectId?: string; limit?: number },
): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT id, at, project_id, actor, action, subject_type, subject_id, details FROM audit_log
     WHERE ($1::text IS NULL OR subject_type = $1) AND ($2::text IS NULL OR subject_id = $2)
       AND ($3::text IS NULL OR project_id = $3)
     ORDER BY id DESC LIMIT $4`,
    [filter.subjectType ?? null, filter.subjectId ?? null, filter.projectId ?? null, filter.limit ?? 100],
  );
  return rows;
}
