import type { Queryable } from './database.js';

export interface FaceTemplateRow {
  sequence: number;
  submission_id: string;
  project_id: string;
  source: string;
  model: string;
  sealed_vector: Uint8Array;
}

export async function upsertFaceTemplate(
  db: Queryable,
  template: {
    submissionId: string;
    projectId: string;
    source: string;
    model: string;
    sealedVector: Uint8Array;
  },
): Promise<void> {
  // A new sequence on every write, so incremental index loads see replaced templates too.
  await db.query('DELETE FROM face_templates WHERE submission_id = $1 AND source = $2', [
    template.submissionId,
    template.source,
  ]);
  await db.query(
    `INSERT INTO face_templates (submission_id, project_id, source, model, sealed_vector) VALUES ($1, $2, $3, $4, $5)`,
    [template.submissionId, template.projectId, template.source, template.model, template.sealedVector],
  );
}

export async function selectFaceTemplate(
  db: Queryable,
  submissionId: string,
  source: string,
): Promise<FaceTemplateRow | undefined> {
  const { rows } = await db.query<FaceTemplateRow>(
    `SELECT sequence, submission_id, project_id, source, model, sealed_vector FROM face_templates
     WHERE submission_id = $1 AND source = $2`,
    [submissionId, source],
  );
  return rows[0];
}

/** Templates of one project, source and model written after `afterSequence`, in order. */
export async function selectFaceTemplatesAfter(
  db: Queryable,
  filter: { projectId: string; source: string; model: string; afterSequence: number; limit: number },
): Promise<FaceTemplateRow[]> {
  const { rows } = await db.query<FaceTemplateRow>(
    `SELECT sequence, submission_id, project_id, source, model, sealed_vector FROM face_templates
     WHERE project_id = $1 AND source = $2 AND model = $3 AND sequence > $4 ORDER BY sequence LIMIT $5`,
    [filter.projectId, filter.source, filter.model, filter.afterSequence, filter.limit],
  );
  return rows;
}

/** Removes a submission's templates: all, or those of one source. */
export async function deleteFaceTemplates(
  db: Queryable,
  submissionId: string,
  source?: string,
): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM face_templates WHERE submission_id = $1 AND ($2::text IS NULL OR source = $2)',
    [submissionId, source ?? null],
  );
  return rowCount;
}
