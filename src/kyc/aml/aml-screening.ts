import { newId } from '../../crypto/random-id.js';
import {
  claimDueMonitorRecords,
  deleteMonitorRecord,
  insertMonitorRecord,
  type MonitorRecordRow,
  scheduleMonitorRecord,
  selectScreening,
  upsertScreening,
} from '../../store/aml-store.js';
import type { Queryable } from '../../store/database.js';
import type { KycContext } from '../kyc-context.js';
import type { Project } from '../projects.js';
import { emitSubmissionEvent, snapshotOf } from '../submission-events.js';
import type { Submission } from '../submission-model.js';
import { auditSubmission, loadSubmission } from '../submission-repository.js';
import { type AmlScreening, type MonitorRegistration, openScreening, sealScreening } from './aml-result.js';
import { type ScreenedPerson, screenPerson } from './screen-person.js';

// AML screening of approved submissions (argos.md §15.5). Approval writes a screening job in its own transaction
// (scheduleScreening); the job screens the applicant's name against the operator's lists, stores the sealed
// verdict and fires `aml`; with `aml.monitoring = auto` it also registers the submission in worklist `default`
// (`aml_monitor` with the record). Registered submissions are screened again daily (rescreenDue), and a changed
// verdict fires `aml_monitor`.

export const AML_SCREEN_QUEUE = 'aml.screen';
export const DEFAULT_WORKLIST = 'default';
export const RESCREEN_INTERVAL_MS = 24 * 3_600_000;
/** A claimed re-screen that did not finish (the process died) is claimed again after this. */
const RESCREEN_LEASE_MS = 10 * 60_000;

export type AmlDeps = Pick<KycContext, 'db' | 'keyring' | 'jobs' | 'projects' | 'now'>;

export interface ScreenJob {
  readonly submissionId: string;
  /** What asked for it: `approval:<decided_at ISO>`; one screening per approval. */
  readonly trigger: string;
}

/** In the approving transaction: the screening job, when the project screens. */
export async function scheduleScreening(
  deps: Pick<KycContext, 'jobs'>,
  tx: Queryable,
  project: Project,
  submissionId: string,
  approvedAt: Date,
): Promise<void> {
  if (!project.settings.aml.enabled) return;
  const job: ScreenJob = { submissionId, trigger: `approval:${approvedAt.toISOString()}` };
  const id = await deps.jobs.send(
    AML_SCREEN_QUEUE,
    job,
    { retryLimit: 10, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 300 },
    tx,
  );
  // pg-boss writes nothing for a queue that does not exist (startKycBackground creates it): an approval that
  // cannot schedule its screening must not commit without it.
  if (id === null) throw new Error(`the job queue ${AML_SCREEN_QUEUE} does not exist`);
}

function personOf(submission: Submission): ScreenedPerson {
  const identity = submission.record?.identity ?? {};
  const joined = [identity.firstName, identity.lastName].filter(Boolean).join(' ');
  return {
    fullName: identity.fullName ?? (joined || undefined),
    birthDate: identity.birthDate,
    nationality: identity.nationality,
  };
}

const sameVerdict = (a: AmlScreening, b: { status: string; risk: string }) =>
  a.status === b.status && a.risk === b.risk;

/** The job: screens an approved, live submission once per approval; anything else is left alone. */
export async function screenSubmission(deps: AmlDeps, job: ScreenJob): Promise<'screened' | 'skipped'> {
  const before = await loadSubmission(deps, deps.db, job.submissionId);
  if (!before?.record || before.status !== 'approved') return 'skipped';
  const verdict = await screenPerson(deps.db, personOf(before));
  return deps.db.transaction(async (tx) => {
    const submission = await loadSubmission(deps, tx, job.submissionId, { forUpdate: true });
    if (!submission?.record || submission.status !== 'approved') return 'skipped';
    const project = await deps.projects.get(submission.projectId, tx);
    if (!project?.settings.aml.enabled) return 'skipped';
    const earlier = await selectScreening(tx, submission.id);
    if (earlier?.trigger === job.trigger) return 'skipped';
    const now = deps.now();
    const previous = earlier ? openScreening(deps.keyring, submission.id, earlier.sealed_result) : undefined;
    let monitoring: MonitorRegistration[] = [...(previous?.monitoring ?? [])];
    const registering = project.settings.aml.monitoring === 'auto' && monitoring.length === 0;
    if (registering) {
      const record = { recordId: newId(), worklistId: DEFAULT_WORKLIST, createdAt: now.toISOString() };
      await insertMonitorRecord(tx, {
        recordId: record.recordId,
        submissionId: submission.id,
        projectId: project.id,
        worklistId: record.worklistId,
        createdAt: now,
        nextScreenAt: new Date(now.getTime() + RESCREEN_INTERVAL_MS),
      });
      monitoring = [record];
    }
    const screening: AmlScreening = { ...verdict, screenedAt: now.toISOString(), monitoring };
    await upsertScreening(tx, {
      submissionId: submission.id,
      projectId: project.id,
      trigger: job.trigger,
      screenedAt: now,
      sealedResult: sealScreening(deps.keyring, submission.id, screening),
    });
    await auditSubmission(tx, {
      projectId: project.id,
      actor: 'system',
      action: 'submission.aml.screen',
      submissionId: submission.id,
      details: { matches: verdict.matches.length },
    });
    const snapshot = snapshotOf(submission, submission.record, now);
    await emitSubmissionEvent(deps, tx, project, submission.id, 'aml', {
      snapshot,
      aml: { status: verdict.status, risk: verdict.risk },
    });
    if (registering)
      await emitSubmissionEvent(deps, tx, project, submission.id, 'aml_monitor', {
        snapshot,
        records: monitoring,
      });
    return 'screened';
  });
}

/** One re-screen of a monitored submission; `aml_monitor` fires when the verdict changed. */
async function rescreen(deps: AmlDeps, record: MonitorRecordRow): Promise<boolean> {
  const before = await loadSubmission(deps, deps.db, record.submission_id);
  const project = await deps.projects.get(record.project_id);
  const monitored =
    before?.record &&
    before.status === 'approved' &&
    project?.settings.aml.enabled &&
    project.settings.aml.monitoring === 'auto';
  if (!monitored) {
    // No longer approved, erased, or the project stopped monitoring: the registration ends.
    await deleteMonitorRecord(deps.db, record.record_id);
    return false;
  }
  const verdict = await screenPerson(deps.db, personOf(before));
  return deps.db.transaction(async (tx) => {
    const submission = await loadSubmission(deps, tx, record.submission_id, { forUpdate: true });
    const stored = await selectScreening(tx, record.submission_id);
    if (!submission?.record || !stored) return false;
    const now = deps.now();
    // Daily from the registration; a re-screen that is days late (the server was down) is not repeated per day.
    const next = Math.max(record.next_screen_at.getTime(), now.getTime()) + RESCREEN_INTERVAL_MS;
    await scheduleMonitorRecord(tx, record.record_id, new Date(next));
    const previous = openScreening(deps.keyring, submission.id, stored.sealed_result);
    const changed = !sameVerdict(previous, verdict);
    const screening: AmlScreening = {
      ...verdict,
      screenedAt: now.toISOString(),
      monitoring: previous.monitoring,
    };
    await upsertScreening(tx, {
      submissionId: submission.id,
      projectId: project!.id,
      trigger: stored.trigger,
      screenedAt: now,
      sealedResult: sealScreening(deps.keyring, submission.id, screening),
    });
    if (changed) {
      await auditSubmission(tx, {
        projectId: project!.id,
        actor: 'system',
        action: 'submission.aml.rescreen',
        submissionId: submission.id,
        details: { changed: true },
      });
      await emitSubmissionEvent(deps, tx, project!, submission.id, 'aml_monitor', {
        snapshot: snapshotOf(submission, submission.record, now),
        records: previous.monitoring,
      });
    }
    return changed;
  });
}

/** Re-screens every registration that is due (in claimed batches); returns how many verdicts changed. */
export async function rescreenDue(deps: AmlDeps): Promise<{ rescreened: number; changed: number }> {
  let rescreened = 0;
  let changed = 0;
  for (;;) {
    const due = await claimDueMonitorRecords(deps.db, deps.now(), RESCREEN_LEASE_MS, 20);
    for (const record of due) {
      rescreened++;
      if (await rescreen(deps, record)) changed++;
    }
    if (due.length < 20) return { rescreened, changed };
  }
}
