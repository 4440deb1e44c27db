import type { FastifyBaseLogger } from 'fastify';
import type { ChallengeResult } from '../../engine/face/types.js';
import { projectCiphers } from '../../kyc/liveform-access.js';
import { buildReturnUrl, type ReturnValues } from '../../kyc/liveform-return-url.js';
import type {
  FlowState,
  LiveformSession,
  LiveformSessions,
  ReviewValue,
} from '../../kyc/liveform-sessions.js';
import type { Project, Projects } from '../../kyc/projects.js';
import { SubmissionError } from '../../kyc/submission-errors.js';
import type { AddressData, OcrFieldName, Submission } from '../../kyc/submission-model.js';
import type { Submissions } from '../../kyc/submissions.js';
import { comments, retryMessage } from '../argos/reference-codes.js';

// The Liveform's steps on top of the submissions domain: the same start / Step 1 / Step 2 the ARGOS API uses,
// with the session's parameters filled in. Answers are in the page's own small shapes (src/http/liveform/*).

export const MAX_ATTEMPTS = 3;
const ACTOR = 'liveform';

/** The fields the review screen shows, in the domain's names (argos.md §4.2 reviewOCRData). */
const REVIEW_FIELDS: readonly OcrFieldName[] = [
  'fullName',
  'firstName',
  'lastName',
  'birthDate',
  'issueDate',
  'expireDate',
  'gender',
  'nationality',
  'identityNumber',
  'licenseNumber',
  'documentNumber',
];
const PAGE_KEY: Partial<Record<OcrFieldName, string>> = { fullName: 'name' };

export interface PageResult {
  readonly status: 'incomplete' | 'pending' | 'approved' | 'rejected';
  readonly comments?: readonly string[];
  readonly returnUrl?: string;
}

export type DocumentAnswer =
  | { outcome: 'review'; review: readonly ReviewValue[] }
  | { outcome: 'retry'; messages: string[]; attemptsLeft: number }
  | { outcome: 'result'; result: PageResult };

export type SelfieAnswer =
  | { outcome: 'retry'; messages: string[]; attemptsLeft: number }
  | { outcome: 'result'; result: PageResult };

/** A refusal the page shows as a problem (409), named by the domain's problem kind. */
export class FlowRefusal extends Error {
  override name = 'FlowRefusal';
  constructor(readonly code: string) {
    super(code);
  }
}

export interface FlowDeps {
  readonly projects: Projects;
  readonly sessions: LiveformSessions;
  readonly submissions: Submissions;
  readonly logger: FastifyBaseLogger;
}

export function createLiveformFlow(deps: FlowDeps) {
  const { sessions, submissions } = deps;

  async function project(session: LiveformSession): Promise<Project> {
    const found = await deps.projects.get(session.projectId);
    if (found?.status !== 'active') throw new FlowRefusal('projectUnavailable');
    return found;
  }

  /** The Return URL of a decided submission, or of an error page (argos.md §14.4). */
  async function returnUrl(project: Project, values: ReturnValues): Promise<string | undefined> {
    const settings = project.settings;
    if (!settings.returnUrl) return undefined;
    const [cipher] = settings.secureTransfer ? await projectCiphers(deps.projects, project) : [];
    return buildReturnUrl(settings, values, cipher);
  }

  async function resultOf(project: Project, submission: Submission): Promise<PageResult> {
    const values = await submissions.returnValues(project.id, submission.id);
    const url =
      submission.status === 'incomplete' || !values ? undefined : await returnUrl(project, { ...values });
    const reasons = submission.record?.reasons ?? [];
    return {
      status: submission.status,
      ...(submission.status === 'rejected' && reasons.length > 0
        ? { comments: comments(reasons).comment }
        : {}),
      ...(url ? { returnUrl: url } : {}),
    };
  }

  const attemptsLeft = (submission: Submission) => Math.max(0, MAX_ATTEMPTS - submission.retryCount);

  /** The verification steps are not open to an address-injection session, and the other way round. */
  function verificationOnly(session: LiveformSession): void {
    if (session.params.injection) throw new FlowRefusal('addressInjectionOnly');
  }

  function refusal(error: unknown): never {
    if (error instanceof SubmissionError) throw new FlowRefusal(error.problem.kind);
    throw error;
  }

  return {
    returnUrl,

    /** The result of the session's submission once decided (the page's result screen and the desktop). */
    async result(session: LiveformSession): Promise<PageResult | undefined> {
      // An address injection's submission is the one its URL named.
      const submissionId = session.submissionId ?? session.params.injection?.sid;
      if (!submissionId) return undefined;
      const state = await submissions.state(session.projectId, submissionId);
      if (!state || state.status === 'incomplete') return undefined;
      const p = await project(session);
      const values = await submissions.returnValues(p.id, submissionId);
      const url = values ? await returnUrl(p, { ...values }) : undefined;
      return { status: state.status, ...(url ? { returnUrl: url } : {}) };
    },

    async start(session: LiveformSession, email: string | undefined): Promise<LiveformSession> {
      const state: FlowState = { ...session.state, ...(email ? { email } : {}) };
      return (await sessions.setStage(session.id, 'document', state)) ?? session;
    },

    /** Step 1 with the session's parameters; the first call also starts the submission (`created`). */
    async document(
      session: LiveformSession,
      input: {
        issuingCountry: string;
        idType: string;
        front: Uint8Array;
        back?: Uint8Array;
        ipAddress: string;
      },
    ): Promise<DocumentAnswer> {
      verificationOnly(session);
      const p = await project(session);
      const { params } = session;
      const email = params.email ?? session.state.email;
      const contact = {
        ...(email ? { email } : {}),
        ...(params.userid ? { userid: params.userid } : {}),
        ...(params.cf1 ? { cf1: params.cf1 } : {}),
        ...(params.cf2 ? { cf2: params.cf2 } : {}),
        ...(params.cf3 ? { cf3: params.cf3 } : {}),
        ...(session.tokenId ? { tokenId: session.tokenId } : {}),
        ipAddress: input.ipAddress,
      };
      let submissionId = session.submissionId;
      try {
        if (!submissionId) {
          const started = await submissions.start({
            project: p,
            actor: ACTOR,
            contact,
            overrides: params.customOptions,
          });
          submissionId = started.id;
          const { tokenExpired } = await sessions.recordSubmission(session, submissionId);
          if (tokenExpired)
            deps.logger.info({ project: p.id }, 'liveform token reached its submission count');
        }
        const result = await submissions.step1({
          project: p,
          actor: ACTOR,
          submissionId,
          issuingCountry: input.issuingCountry,
          idType: input.idType,
          front: input.front,
          ...(input.back ? { back: input.back } : {}),
          email,
          userid: params.userid,
          cf1: params.cf1,
          cf2: params.cf2,
          cf3: params.cf3,
          ipAddress: input.ipAddress,
          overrides: params.customOptions,
        });
        const { submission } = result;
        if (submission.status !== 'incomplete') {
          await sessions.setStage(session.id, 'done');
          return { outcome: 'result', result: await resultOf(p, submission) };
        }
        if (result.outcome === 'failed') {
          return {
            outcome: 'retry',
            messages: result.retries.map(retryMessage),
            attemptsLeft: attemptsLeft(submission),
          };
        }
        const review: ReviewValue[] = [];
        for (const name of REVIEW_FIELDS) {
          const field = result.ocr?.fields[name];
          if (field)
            review.push({ key: PAGE_KEY[name] ?? name, value: field.value, accepted: field.accepted });
        }
        await sessions.setStage(session.id, 'review', { ...session.state, review });
        return { outcome: 'review', review };
      } catch (error) {
        return refusal(error);
      }
    },

    async review(session: LiveformSession, confirmed: Record<string, string>): Promise<LiveformSession> {
      return (await sessions.setStage(session.id, 'selfie', { ...session.state, confirmed })) ?? session;
    },

    /**
     * Step 2 with the confirmed data and the selfie. The active challenge (frames that follow the prompt) is
     * checked by the face engine against the selfie's face.
     */
    async selfie(
      session: LiveformSession,
      input: { face: Uint8Array; frames: Uint8Array[]; ipAddress: string },
    ): Promise<SelfieAnswer> {
      verificationOnly(session);
      await project(session);
      if (!session.submissionId) throw new FlowRefusal('step1Incomplete');
      const prompt = await sessions.takeChallenge(session.id);
      if (!prompt) throw new FlowRefusal('challengeExpired');
      const faces = submissions.context.engines.faces;
      const selfie = await faces.analyze(input.face, 'selfie');
      let challenge: ChallengeResult | undefined;
      if (selfie.analysis.embedding) {
        challenge = await faces.challenge(input.frames, prompt, selfie.analysis.embedding.vector);
      }
      return step2(session, {
        face: input.face,
        ipAddress: input.ipAddress,
        ...(challenge ? { challenge } : {}),
      });
    },

    /**
     * Step 2 with an uploaded selfie, for a device without a usable camera: there are no frames, so only the
     * face engine's passive liveness of the one photo weighs (the page says so), as for an API Step 2.
     */
    async selfieUpload(
      session: LiveformSession,
      input: { face: Uint8Array; ipAddress: string },
    ): Promise<SelfieAnswer> {
      verificationOnly(session);
      await project(session);
      if (!session.submissionId) throw new FlowRefusal('step1Incomplete');
      return step2(session, input);
    },

    /** Address injection (argos.md §14.5): the new address and its document replace the submission's. */
    async address(
      session: LiveformSession,
      input: { address: AddressData; image: { bytes: Uint8Array; contentType: string } },
    ): Promise<{ outcome: 'result'; result: PageResult }> {
      const target = session.params.injection;
      if (!target) throw new FlowRefusal('notAddressInjection');
      const p = await project(session);
      try {
        const submission = await submissions.injectAddress({
          project: p,
          actor: ACTOR,
          submissionId: target.sid,
          address: input.address,
          image: input.image,
        });
        await sessions.setStage(session.id, 'done');
        return { outcome: 'result', result: await resultOf(p, submission) };
      } catch (error) {
        return refusal(error);
      }
    },
  };

  /** Step 2 of the session's submission with the confirmed data; `challenge` when the page ran one. */
  async function step2(
    session: LiveformSession,
    input: { face: Uint8Array; ipAddress: string; challenge?: ChallengeResult },
  ): Promise<SelfieAnswer> {
    const p = await project(session);
    {
      const c = session.state.confirmed ?? {};
      const step2Input = {
        project: p,
        actor: ACTOR,
        submissionId: session.submissionId!,
        face: input.face,
        name: c.name ?? '',
        birthDate: c.birthDate ?? '',
        gender: c.gender,
        nationality: c.nationality,
        issueDate: c.issueDate,
        expireDate: c.expireDate,
        identityNumber: c.identityNumber,
        licenseNumber: c.licenseNumber,
        documentNumber: c.documentNumber,
        ipAddress: input.ipAddress,
        ...(input.challenge ? { challenge: input.challenge } : {}),
      };
      try {
        const result = await submissions.step2(step2Input);
        const { submission } = result;
        if (submission.status === 'incomplete') {
          return {
            outcome: 'retry',
            messages: result.retries.map(retryMessage),
            attemptsLeft: attemptsLeft(submission),
          };
        }
        await sessions.setStage(session.id, 'done');
        return { outcome: 'result', result: await resultOf(p, submission) };
      } catch (error) {
        return refusal(error);
      }
    }
  }
}

export type LiveformFlow = ReturnType<typeof createLiveformFlow>;
