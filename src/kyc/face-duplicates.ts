import type { Keyring } from '../crypto/keyring.js';
import { openValue, sealValue } from '../crypto/sealed-value.js';
import { FaceEmbeddingIndex } from '../engine/face/embedding-index.js';
import { toSimilarity } from '../engine/face/similarity.js';
import type { FaceEmbedding, FaceModelInfo } from '../engine/face/types.js';
import type { Database, Queryable } from '../store/database.js';
import {
  deleteFaceTemplates,
  selectFaceTemplate,
  selectFaceTemplatesAfter,
  upsertFaceTemplate,
} from '../store/face-templates-store.js';

// Face templates of submissions (biometric data: sealed at rest, erased with the submission) and the 1:N search
// for the same face among a project's other submissions. The search runs on the face engine's in-memory index,
// filled from the stored templates and topped up from the database before every search, so several server
// processes on one PostgreSQL see each other's new templates. Deletions are not pushed into the index: every hit
// is checked against the database by the caller, and a deleted submission's template is gone from there.

export type TemplateSource = 'portrait' | 'selfie';

export interface FaceHit {
  readonly submissionId: string;
  /** 0..1, the face engine's calibrated similarity. */
  readonly similarity: number;
}

export interface FaceDuplicates {
  store(
    tx: Queryable,
    template: { submissionId: string; projectId: string; source: TemplateSource; embedding: FaceEmbedding },
  ): Promise<void>;
  load(q: Queryable, submissionId: string, source: TemplateSource): Promise<FaceEmbedding | undefined>;
  /** Erases the submission's templates (all, or one source). */
  erase(tx: Queryable, submissionId: string, source?: TemplateSource): Promise<void>;
  /** Other submissions' selfies at or above `minSimilarity`, best first. */
  search(
    projectId: string,
    embedding: FaceEmbedding,
    model: FaceModelInfo,
    minSimilarity: number,
    excludeId: string,
  ): Promise<FaceHit[]>;
}

const context = (submissionId: string, source: string) => `face:${submissionId}:${source}`;

function sealVector(keyring: Keyring, submissionId: string, source: string, vector: Float32Array): Buffer {
  const bytes = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
  return sealValue(bytes, keyring.personalData, context(submissionId, source));
}

function openVector(
  keyring: Keyring,
  submissionId: string,
  source: string,
  sealed: Uint8Array,
): Float32Array {
  const bytes = Buffer.from(openValue(sealed, keyring.personalData, context(submissionId, source)), 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
}

interface LoadedIndex {
  readonly index: FaceEmbeddingIndex;
  lastSequence: number;
  /** Serialises top-ups of this index. */
  busy: Promise<void>;
}

export function createFaceDuplicates(db: Database, keyring: Keyring): FaceDuplicates {
  const indexes = new Map<string, LoadedIndex>();

  async function topUp(projectId: string, model: FaceModelInfo, dims: number): Promise<FaceEmbeddingIndex> {
    const key = `${projectId}\u0000${model.id}`;
    let loaded = indexes.get(key);
    if (!loaded) {
      loaded = {
        index: new FaceEmbeddingIndex(dims, model.metric),
        lastSequence: 0,
        busy: Promise.resolve(),
      };
      indexes.set(key, loaded);
    }
    const target = loaded;
    const run = target.busy.then(async () => {
      for (;;) {
        const rows = await selectFaceTemplatesAfter(db, {
          projectId,
          source: 'selfie',
          model: model.id,
          afterSequence: target.lastSequence,
          limit: 5000,
        });
        for (const row of rows) {
          const vector = openVector(keyring, row.submission_id, row.source, row.sealed_vector);
          if (vector.length === target.index.dims) target.index.add(row.submission_id, vector);
          target.lastSequence = row.sequence;
        }
        if (rows.length < 5000) break;
      }
    });
    target.busy = run.catch(() => {});
    await run;
    return target.index;
  }

  return {
    async store(tx, template) {
      await upsertFaceTemplate(tx, {
        submissionId: template.submissionId,
        projectId: template.projectId,
        source: template.source,
        model: template.embedding.model,
        sealedVector: sealVector(keyring, template.submissionId, template.source, template.embedding.vector),
      });
    },

    async load(q, submissionId, source) {
      const row = await selectFaceTemplate(q, submissionId, source);
      return row
        ? { model: row.model, vector: openVector(keyring, submissionId, source, row.sealed_vector) }
        : undefined;
    },

    async erase(tx, submissionId, source) {
      await deleteFaceTemplates(tx, submissionId, source);
      if (!source || source === 'selfie')
        for (const loaded of indexes.values()) loaded.index.remove(submissionId);
    },

    async search(projectId, embedding, model, minSimilarity, excludeId) {
      if (embedding.model !== model.id) return [];
      const index = await topUp(projectId, model, embedding.vector.length);
      return index
        .search(embedding.vector, 20, model.threshold)
        .filter((hit) => hit.id !== excludeId)
        .map((hit) => ({ submissionId: hit.id, similarity: toSimilarity(hit.raw, model) }))
        .filter((hit) => hit.similarity >= minSimilarity);
    },
  };
}
