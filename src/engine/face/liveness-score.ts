import type { ChallengeResult, LivenessReport, PassiveLivenessSignals } from './types.js';

/** LIVE needs a score of at least this (0..100). */
export const LIVE_SCORE = 50;

/**
 * Combines the evidence into a 0..100 score. The active challenge is the strong signal: a failed challenge is
 * NOT_LIVE whatever the passive models say; a passed one weighs 60% and the passive signals 40%. Without a
 * challenge the passive signals alone decide, which is weaker (see the README's known weaknesses).
 */
export function livenessReport(
  passive: PassiveLivenessSignals | null,
  challenge: ChallengeResult | null,
): LivenessReport {
  const notes: string[] = [];
  const p = passive?.combined ?? null;
  let score: number;
  if (challenge) {
    const c = challenge.passed ? 1 : 0;
    score = p === null ? c * 100 : (0.6 * c + 0.4 * p) * 100;
    if (!challenge.passed) notes.push(...challenge.failures.map((f) => `challenge: ${f}`));
  } else if (p !== null) {
    score = p * 100;
    notes.push('passive signals only (no active challenge)');
  } else {
    score = 0;
    notes.push('no liveness evidence');
  }
  if (passive?.antispoof != null && passive.antispoof < 0.5)
    notes.push('anti-spoofing model: likely a photo or screen');
  if (passive?.liveness != null && passive.liveness < 0.5) notes.push('liveness model: likely not live');
  if (passive && passive.moire < 0.5) notes.push('moire/halftone pattern on the face');
  score = Math.round(Math.max(0, Math.min(100, score)));
  const live = score >= LIVE_SCORE && (challenge === null || challenge.passed);
  return { score, decision: live ? 'LIVE' : 'NOT_LIVE', passive, challenge, notes };
}
