// Public API of the face engine for the rest of the server (pipeline, kyc domain, CLI).
export type { FaceModelConfig } from './embedder.js';
export { faceModelConfigFromEnv } from './embedder.js';
export { FaceEmbeddingIndex, type IndexHit } from './embedding-index.js';
export { createFaceEngine, type FaceEngine, MAX_CHALLENGE_FRAMES } from './engine.js';
export type { FaceSource } from './face-finder.js';
export {
  createFaceService,
  type FaceMatchReport,
  type FaceService,
  type FaceServiceOptions,
  livenessOf,
  type MissingFace,
} from './face-service.js';
export { CHALLENGE_LIMITS, PROMPTS } from './liveness-active.js';
export { LIVE_SCORE, livenessReport } from './liveness-score.js';
export { SELFIE_LIMITS } from './quality.js';
export { compareEmbeddings, MATCH_SIMILARITY, rawScore, toSimilarity } from './similarity.js';
export type * from './types.js';
