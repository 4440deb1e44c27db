import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ../shared/data next to the checkout (or OPENKYC_SHARED_DATA): read at test time when present, never copied
 * into the repo.
 */
export const sharedData =
  process.env.OPENKYC_SHARED_DATA ??
  path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/data');

/**
 * Whether a missing shared folder fails the run: on CI=true it does, unless .ci/run found no ../shared next to
 * the checkout and said so (OPENKYC_SHARED_DATA_ABSENT=1). A path mistake in a test still fails on CI.
 */
export function sharedDataRequired(): boolean {
  return process.env.CI === 'true' && process.env.OPENKYC_SHARED_DATA_ABSENT !== '1';
}

/**
 * Whether tests that need the shared data can run. A missing folder skips them (with a message) unless
 * sharedDataRequired().
 */
export function sharedDataAvailable(set: string): boolean {
  const present = existsSync(path.join(sharedData, set, 'gt.json'));
  if (!present && sharedDataRequired()) throw new Error(`${sharedData}/${set} is missing on CI`);
  if (!present) process.stderr.write(`skipping tests that need ${sharedData}/${set} (not present)\n`);
  return present;
}
