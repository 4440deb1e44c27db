import type { BlobStore } from '../blobs/blob-store.js';
import type { Keyring } from '../crypto/keyring.js';
import type { FaceModelConfig } from '../engine/face/embedder.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Database } from '../store/database.js';
import { type AddressInjectionInput, injectAddress } from './address-injection.js';
import {
  returnValues,
  type StartInput,
  startSubmission,
  submissionState,
  tokenSubmissionStatuses,
} from './capture-sessions.js';
import { DEFAULT_THRESHOLDS, type DecisionThresholds } from './decision-thresholds.js';
import { type PatchInput, patchSubmission, type ReviewInput, reviewable, reviewSubmission } from './edits.js';
import { type EraseInput, erasePartially, eraseSubmission, type PartialEraseInput } from './erasure.js';
import { createFaceDuplicates } from './face-duplicates.js';
import { type ImageUpdateInput, updateImages } from './image-updates.js';
import { type InjectionInput, injectSubmission } from './injection.js';
import type { Actor, KycContext } from './kyc-context.js';
import { createKycEngines, type KycEngines } from './kyc-engines.js';
import type { Project, Projects } from './projects.js';
import { type ListQuery, listSubmissions, readImage, readSubmission } from './reads.js';
import { type Step1Input, step1 } from './step1.js';
import { type Step2Input, step2 } from './step2.js';
import type { ImageKind } from './submission-model.js';
import { loadSubmission } from './submission-repository.js';
import { type Sweeper, startSubmissionSweeper, sweepSubmissions } from './sweeper.js';

// The submissions domain as one object: every use case of the KYC lifecycle (argos.md §4-§12) over one context.
// The ARGOS edge and the capture page both drive it; neither keeps submission state of its own.

export interface SubmissionsDeps {
  readonly db: Database;
  readonly keyring: Keyring;
  readonly blobs: BlobStore;
  readonly jobs: JobQueue;
  readonly projects: Projects;
}

export interface SubmissionsOptions {
  /** The engines to use (default: new worker pools, closed with this object). */
  readonly engines?: KycEngines;
  readonly engineThreads?: number;
  readonly face?: FaceModelConfig;
  readonly thresholds?: DecisionThresholds;
  readonly now?: () => Date;
}

export function createSubmissions(deps: SubmissionsDeps, options: SubmissionsOptions = {}) {
  const ownEngines = !options.engines;
  const engines =
    options.engines ??
    createKycEngines({
      ...(options.engineThreads ? { threads: options.engineThreads } : {}),
      ...(options.face ? { face: options.face } : {}),
    });
  const ctx: KycContext = {
    ...deps,
    engines,
    thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
    faceDuplicates: createFaceDuplicates(deps.db, deps.keyring),
    now: options.now ?? (() => new Date()),
  };
  let sweeper: Sweeper | undefined;

  return {
    context: ctx,
    step1: (input: Step1Input) => step1(ctx, input),
    step2: (input: Step2Input) => step2(ctx, input),
    read: (projectId: string, actor: Actor, id: string, view: string) =>
      readSubmission(ctx, projectId, actor, id, view),
    list: (projectId: string, actor: Actor, query: ListQuery, view: string) =>
      listSubmissions(ctx, projectId, actor, query, view),
    readImage: (projectId: string, actor: Actor, id: string, kind: ImageKind) =>
      readImage(ctx, projectId, actor, id, kind),
    patch: (input: PatchInput) => patchSubmission(ctx, input),
    review: (input: ReviewInput) => reviewSubmission(ctx, input),
    /** Throws the review refusal (not pending, review not allowed) without changing anything. */
    reviewable: (project: Project, id: string) => reviewable(ctx, project, id),
    inject: (input: InjectionInput) => injectSubmission(ctx, input),
    /** The capture page's address injection (argos.md §14.5). */
    injectAddress: (input: AddressInjectionInput) => injectAddress(ctx, input),
    erase: (input: EraseInput) => eraseSubmission(ctx, input),
    erasePartially: (input: PartialEraseInput) => erasePartially(ctx, input),
    updateImages: (input: ImageUpdateInput) => updateImages(ctx, input),
    /** The capture page's entry points. */
    start: (input: StartInput) => startSubmission(ctx, input),
    state: (projectId: string, id: string) => submissionState(ctx, projectId, id),
    tokenStatuses: (projectId: string, tokenId: string) => tokenSubmissionStatuses(ctx, projectId, tokenId),
    returnValues: (projectId: string, id: string) => returnValues(ctx, projectId, id),
    /** Whether a live submission with this id exists in the project (no personal data is read). */
    async exists(projectId: string, id: string): Promise<boolean> {
      const submission = await loadSubmission(ctx, ctx.db, id);
      return Boolean(submission && submission.projectId === projectId && submission.record);
    },
    sweep: () => sweepSubmissions(ctx),
    startSweeper(onError: (error: unknown) => void, intervalMs?: number) {
      sweeper ??= startSubmissionSweeper(ctx, onError, intervalMs);
    },
    async close() {
      sweeper?.stop();
      if (ownEngines) await engines.close();
    },
  };
}

export type Submissions = ReturnType<typeof createSubmissions>;

export type { Projects };

const shared = new WeakMap<Database, Submissions>();

/**
 * The one submissions domain of a process (one set of engine worker pools), created on first use; the ARGOS
 * routes and the capture page share it. Keyed by the database, which is opened once per process.
 */
export function sharedSubmissions(deps: SubmissionsDeps, options: SubmissionsOptions = {}): Submissions {
  let instance = shared.get(deps.db);
  if (!instance) {
    instance = createSubmissions(deps, options);
    shared.set(deps.db, instance);
  }
  return instance;
}
