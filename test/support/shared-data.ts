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
 * Whether tests that need the shared data can run. Off CI a missing folder skips them (with a message); on
 * CI=true the folder must be there.
 */
export function sharedDataAvailable(set: string): boolean {
  const present = existsSync(path.join(sharedData, set, 'gt.json'));
  if (!present && process.env.CI === 'true') throw new Error(`${sharedData}/${set} is missing on CI`);
  if (!present) process.stderr.write(`skipping tests that need ${sharedData}/${set} (not present)\n`);
  return present;
}
