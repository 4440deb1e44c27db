import crypto from 'node:crypto';
import { randomBase62 } from './random-id.js';

// API keys are `okk_` + 40 base62 characters (argos.md §1.1): 238 bits of entropy, so a plain SHA-256 is
// enough to store them; a slow password hash would only cost every request time.

export const API_KEY_PATTERN = /^okk_[0-9A-Za-z]{40}$/;

export function generateApiKey(): string {
  return `okk_${randomBase62(40)}`;
}

export function hashApiKey(key: string): string {
  // Domain-separated so that the stored hash is never the SHA-256(key) that encryption uses as its key (argos.md §2.1).
  return crypto.createHash('sha256').update('openkyc-api-key\0').update(key, 'utf8').digest('hex');
}

/** What may be shown of a key after creation: enough to recognise it, not to use it. */
export function apiKeyHint(key: string): string {
  return `${key.slice(0, 8)}…${key.slice(-4)}`;
}
