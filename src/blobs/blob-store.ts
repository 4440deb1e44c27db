/** Where a stored object is and what its content hashes to; callers keep this with their records. */
export interface BlobRef {
  readonly id: string;
  /** Hex SHA-256 of the plaintext, checked on every read. */
  readonly sha256: string;
  readonly size: number;
}

/** Encrypted object storage for images and other personal data. */
export interface BlobStore {
  put(content: Uint8Array): Promise<BlobRef>;
  /** The plaintext; throws BlobNotFoundError or BlobIntegrityError. */
  get(ref: Pick<BlobRef, 'id' | 'sha256'>): Promise<Buffer>;
  /** Removes the object for good; deleting a missing object is not an error. */
  delete(id: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
}

export class BlobIntegrityError extends Error {
  override name = 'BlobIntegrityError';
}
