import type { FaceComparison, FaceImageReport, LivenessReport } from '../engine/face/types.js';
import type { DecisionThresholds } from './decision-thresholds.js';
import type { RetryReason, Scores } from './submission-model.js';

// Step 2's face checks and final decision (argos.md §4.3 steps 3 and 5), as pure functions of the engines'
// reports and the thresholds.

export interface FaceEvidence {
  readonly selfie: FaceImageReport;
  /** null when the document had no usable portrait. */
  readonly comparison: FaceComparison | null;
  readonly liveness: LivenessReport;
}

/** The reasons the selfie fails (each a retry), in the order the applicant should fix them. */
export function faceRetries(evidence: FaceEvidence, thresholds: DecisionThresholds): RetryReason[] {
  const quality = evidence.selfie.quality;
  const faceCount = quality?.faceCount ?? evidence.selfie.analysis.faces.length;
  if (faceCount === 0 || !evidence.selfie.analysis.embedding) return [{ code: 'face_not_detected' }];
  if (faceCount > 1) return [{ code: 'multiple_faces' }];
  const reasons = quality?.reasons ?? [];
  if (reasons.includes('FACE_TOO_CLOSE_SELFIE_IMAGE') || reasons.includes('PARTIALLY_VISIBLE_HUMAN_FACE')) {
    return [{ code: 'liveness_error', detail: 'too_close' }];
  }
  if (reasons.includes('FACE_TOO_FAR_SELFIE_IMAGE') || reasons.includes('QUALITY_TOO_LOW_SELFIE_IMAGE')) {
    return [{ code: 'liveness_error', detail: 'too_small' }];
  }
  const retries: RetryReason[] = [];
  if (evidence.liveness.score < thresholds.liveness || evidence.liveness.decision === 'NOT_LIVE') {
    retries.push({ code: 'liveness_error' });
  }
  if (evidence.comparison && !evidence.comparison.match) retries.push({ code: 'face_compare_underscore' });
  return retries;
}

export function faceScores(evidence: FaceEvidence): Scores {
  return {
    liveness: evidence.liveness.score,
    ...(evidence.comparison ? { faceSimilarity: Math.round(evidence.comparison.similarity * 100) } : {}),
  };
}

/**
 * With every check passed: approved when the project lets the system decide and every score clears its grey
 * zone; pending (a person decides) otherwise, including when there was no portrait to compare with or
 * nothing was read from the document.
 */
export function finalStatus(
  reviewMode: 'system' | 'client',
  scores: Scores,
  thresholds: DecisionThresholds,
): 'approved' | 'pending' {
  if (reviewMode === 'client') return 'pending';
  if (scores.faceSimilarity === undefined || scores.faceSimilarity < thresholds.faceGreyZoneEnd)
    return 'pending';
  if (scores.liveness === undefined || scores.liveness < thresholds.livenessGreyZoneEnd) return 'pending';
  // Nothing read from the document (a `universal` one typed by hand): nothing was verified against it.
  if (scores.recognition === undefined || scores.recognition < thresholds.recognitionGreyZoneEnd)
    return 'pending';
  return 'approved';
}

/** argos_score = round(0.4 face + 0.3 liveness + 0.3 recognition), when all three are known (argos.md §5). */
export function overallScore(scores: Scores): number | undefined {
  const { faceSimilarity, liveness, recognition } = scores;
  if (faceSimilarity === undefined || liveness === undefined || recognition === undefined) return undefined;
  return Math.round(0.4 * faceSimilarity + 0.3 * liveness + 0.3 * recognition);
}
