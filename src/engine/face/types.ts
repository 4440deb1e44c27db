/** Types shared by the face engine: images, detections, embeddings and the reports it returns. */

/** A decoded image: interleaved 8-bit RGB, row-major, no padding. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export type Point = readonly [x: number, y: number];

/**
 * Five landmarks in image pixels, in the order of the ArcFace template: the eye and mouth corner on the
 * image's left side of an upright face come first (the subject's right), then the other eye, the nose tip,
 * and the two mouth corners.
 */
export type FivePoints = readonly [Point, Point, Point, Point, Point];

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Head pose in degrees; yaw > 0 when the face turns to the image's right (the subject's left). */
export interface HeadPose {
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

export interface FaceDetection {
  readonly box: Box;
  /** Detector confidence 0..1. */
  readonly score: number;
  readonly landmarks: FivePoints;
  readonly pose: HeadPose;
  /** Eye aspect ratio (lid gap / eye width) of each eye; ~0.25-0.35 open, < 0.15 closed. */
  readonly eyeOpenness: { readonly left: number; readonly right: number };
  /** Fraction of the face box that lies inside the image (1 = fully visible). */
  readonly visibleFraction: number;
  /** Clockwise rotation (0/90/180/270) applied to the image before this face was found. */
  readonly imageRotation: 0 | 90 | 180 | 270;
}

/** An embedding produced by one model; embeddings of different models are not comparable. */
export interface FaceEmbedding {
  readonly model: string;
  readonly vector: Float32Array;
}

export type FaceMetric = 'euclidean' | 'cosine';

/** What the operator and the report need to know about the embedding model in use. */
export interface FaceModelInfo {
  /** Stable identifier stored next to embeddings, e.g. `dlib-resnet-v1` or `onnx:<file>:<sha256 prefix>`. */
  readonly id: string;
  readonly description: string;
  readonly dims: number;
  readonly metric: FaceMetric;
  /**
   * Decision threshold on the raw score: a Euclidean distance at or below it, or a cosine similarity at or
   * above it, is a match.
   */
  readonly threshold: number;
  /** Steepness of the raw-score to 0..1 similarity mapping (per unit of raw score). */
  readonly slope: number;
}

/** LINK face-comparison reason codes that the face engine itself can raise. */
export type SelfieReason =
  | 'NOT_HUMAN_FACE'
  | 'PARTIALLY_VISIBLE_HUMAN_FACE'
  | 'OUT_OF_FOCUS'
  | 'POOR_CONTRAST'
  | 'POOR_EXPOSURE'
  | 'GLARE'
  | 'FACE_TOO_CLOSE_SELFIE_IMAGE'
  | 'FACE_TOO_FAR_SELFIE_IMAGE'
  | 'FACE_ANGLE_TOO_LARGE_SELFIE_IMAGE'
  | 'QUALITY_TOO_LOW_SELFIE_IMAGE'
  | 'TOO_MANY_FACES_SELFIE_IMAGE';

/** One measured quality figure with the limit it was held against. */
export interface QualityMeasure {
  readonly value: number;
  readonly limit: string;
  readonly ok: boolean;
}

export interface SelfieQuality {
  readonly acceptable: boolean;
  readonly reasons: SelfieReason[];
  readonly faceCount: number;
  readonly measures: {
    readonly faceSize?: QualityMeasure;
    readonly yaw?: QualityMeasure;
    readonly pitch?: QualityMeasure;
    readonly roll?: QualityMeasure;
    readonly sharpness?: QualityMeasure;
    readonly brightness?: QualityMeasure;
    readonly contrast?: QualityMeasure;
    readonly glare?: QualityMeasure;
    readonly visibleFraction?: QualityMeasure;
  };
}

/** The passive (single-image) liveness evidence. Scores are 0..1, higher = more likely a live capture. */
export interface PassiveLivenessSignals {
  /** Human's anti-spoofing model (real face vs. photo/screen), or null when it could not run. */
  readonly antispoof: number | null;
  /** Human's liveness model, or null when it did not run (off unless OPENKYC_FACE_LIVENESS_MODEL=1). */
  readonly liveness: number | null;
  /** 1 - strength of periodic high-frequency texture (screen moiré / halftone print) in the face region. */
  readonly moire: number;
  /** The combined passive score 0..1 (mean of the available signals above, weighted). */
  readonly combined: number;
}

export type LivenessDecision = 'LIVE' | 'NOT_LIVE';

export interface LivenessReport {
  /** 0..100. */
  readonly score: number;
  readonly decision: LivenessDecision;
  readonly passive: PassiveLivenessSignals | null;
  readonly challenge: ChallengeResult | null;
  /** Why the decision is what it is, in words for the audit trail (no personal data). */
  readonly notes: string[];
}

export type ChallengePrompt = 'blink' | 'turn_left' | 'turn_right';

export interface ChallengeResult {
  readonly prompt: ChallengePrompt;
  readonly passed: boolean;
  /** The frames in which a single face was found. */
  readonly framesWithFace: number;
  readonly frames: number;
  /** Largest embedding distance (or 1 - cosine) between any frame and the reference face, raw model units. */
  readonly identitySpread: number;
  readonly sameFace: boolean;
  /** The frames differ from each other (a static photo repeated does not). */
  readonly motion: boolean;
  readonly promptMet: boolean;
  /** The measured movement: yaw range in degrees for turns, minimum eye openness for blinks. */
  readonly measured: Record<string, number>;
  readonly failures: string[];
}

/** The face found on an image, ready for comparison. */
export interface FaceAnalysis {
  readonly faces: FaceDetection[];
  /** The face used for comparison (the portrait on a document, the one face on a selfie) or null. */
  readonly face: FaceDetection | null;
  readonly embedding: FaceEmbedding | null;
  readonly imageSize: { readonly width: number; readonly height: number };
  readonly ms: number;
}

export interface FaceComparison {
  /** 0..1, higher = more alike; the decision threshold maps to 0.70 for every model. */
  readonly similarity: number;
  readonly match: boolean;
  /** The model's own score (distance or cosine) for the audit trail. */
  readonly raw: number;
  readonly model: string;
}

/** Everything the engine finds about the face on one image. */
export interface FaceImageReport {
  readonly analysis: FaceAnalysis;
  /** Selfie quality (selfies only). */
  readonly quality: SelfieQuality | null;
  /** Passive liveness signals (selfies only). */
  readonly passive: PassiveLivenessSignals | null;
}
