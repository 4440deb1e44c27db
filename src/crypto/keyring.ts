import { deriveKey } from './master-key.js';

/** The keys of one installation, each derived from the master key for a single purpose. */
export interface Keyring {
  /** Wraps per-object data keys of blobs. */
  readonly master: Buffer;
  /** Seals project secrets and API-key encryption keys in the database. */
  readonly secrets: Buffer;
  /** Seals personal data fields in the database. */
  readonly personalData: Buffer;
  /** Keyed hashes for exact-match lookups of sealed values. */
  readonly blindIndex: Buffer;
}

export function createKeyring(masterKey: Buffer): Keyring {
  return {
    master: masterKey,
    secrets: deriveKey(masterKey, 'project-secrets'),
    personalData: deriveKey(masterKey, 'personal-data'),
    blindIndex: deriveKey(masterKey, 'blind-index'),
  };
}
