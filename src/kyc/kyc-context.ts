import type { BlobStore } from '../blobs/blob-store.js';
import type { Keyring } from '../crypto/keyring.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Database } from '../store/database.js';
import type { DecisionThresholds } from './decision-thresholds.js';
import type { FaceDuplicates } from './face-duplicates.js';
import type { KycEngines } from './kyc-engines.js';
import type { Projects } from './projects.js';

/** What the submission use cases work with; opened once per process. */
export interface KycContext {
  readonly db: Database;
  readonly keyring: Keyring;
  readonly blobs: BlobStore;
  readonly jobs: JobQueue;
  readonly projects: Projects;
  readonly engines: KycEngines;
  readonly thresholds: DecisionThresholds;
  readonly faceDuplicates: FaceDuplicates;
  now(): Date;
}

/** Who is acting, for the audit trail: `api-key:<id>`, `admin:<email>`, `liveform`, `system`. */
export type Actor = string;
