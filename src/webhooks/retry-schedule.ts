// When to try a delivery again (argos.md §15.6): after 30 s, 2 min, 10 min, 1 h, 6 h, 12 h and 24 h, each
// ±10 % so that receivers coming back up are not hit by every sender at once: 8 attempts over ~43 h.
// OPENKYC_WEBHOOK_RETRY_BASE_MS sets the first delay and the rest scales with it (tests use ~100 ms).

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  30_000, 120_000, 600_000, 3_600_000, 21_600_000, 43_200_000, 86_400_000,
];

export const MAX_ATTEMPTS = DEFAULT_RETRY_DELAYS_MS.length + 1;

/**
 * The delay before the next attempt after `attemptsMade` failed attempts, or undefined when none is left.
 * `random` is in [0, 1).
 */
export function nextRetryDelayMs(
  attemptsMade: number,
  baseMs: number,
  random: number = Math.random(),
): number | undefined {
  const nominal = DEFAULT_RETRY_DELAYS_MS[attemptsMade - 1];
  if (nominal === undefined || attemptsMade < 1) return undefined;
  const scaled = (nominal * baseMs) / DEFAULT_RETRY_DELAYS_MS[0]!;
  return Math.round(scaled * (0.9 + 0.2 * random));
}
