// The numbers Step 2 decides with (argos.md §4.3: "thresholds and grey zones are configuration"). Scores are
// 0..100. Below a threshold the attempt fails (the applicant retries); from the threshold up to its grey-zone
// bound the submission goes to a person (pending); above it the system may approve.

export interface DecisionThresholds {
  /** The face engine's calibrated match point (its similarity 0.70). */
  readonly faceMatch: number;
  readonly faceGreyZoneEnd: number;
  /** The face engine's LIVE point. */
  readonly liveness: number;
  readonly livenessGreyZoneEnd: number;
  /** A recognition score below this sends the submission to review. */
  readonly recognitionGreyZoneEnd: number;
  /** OCR confidence (0..100) from which a read value counts as accepted. */
  readonly ocrAccepted: number;
  /**
   * 1:N duplicate-face search: similarity (0..1) from which another submission's selfie is the same person.
   * Stricter than 1:1 matching, because one query meets every face in the project.
   */
  readonly duplicateFaceSimilarity: number;
}

export const DEFAULT_THRESHOLDS: DecisionThresholds = {
  faceMatch: 70,
  faceGreyZoneEnd: 75,
  liveness: 50,
  livenessGreyZoneEnd: 60,
  recognitionGreyZoneEnd: 60,
  ocrAccepted: 60,
  duplicateFaceSimilarity: 0.85,
};
