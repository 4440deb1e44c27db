import crypto from 'node:crypto';
import type { Keyring } from '../crypto/keyring.js';
import { randomBase62, randomString } from '../crypto/random-id.js';
import { openValue, sealValue } from '../crypto/sealed-value.js';
import type { ChallengePrompt } from '../engine/face/types.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Database } from '../store/database.js';
import {
  claimHandoff,
  countTokenSubmission,
  insertLiveformSession,
  type LiveformSessionRow,
  markTokenExpired,
  markTokenUsed,
  selectLiveformSession,
  selectSessionByHandoff,
  updateLiveformSession,
} from '../store/liveform-store.js';
import { type AccessDeps, checkAccess, checkToken } from './liveform-access.js';
import type { Clock } from './liveform-clock.js';
import { LiveformError, type LiveformErrorCode } from './liveform-errors.js';
import {
  type LiveformLanguage,
  type LiveformParams,
  type PlainQuery,
  resolveLanguage,
} from './liveform-params.js';
import { emitSubmissionEvent } from './submission-events.js';
import { parseExpirationRule } from './token-expiry.js';

// Liveform sessions: a URL that passed §14.3 becomes a session whose id is the capability the page (desktop or
// phone) holds. The session remembers the URL's parameters (sealed), the stage reached, the submission it made,
// the liveness prompt it was given, and the one-time hand-off code of the desktop's QR code.

/** A session lives as long as its submission may still take Step 2 (argos.md §4.1: 4 hours). */
export const SESSION_LIFETIME_MS = 4 * 3_600_000;
/** The QR code's short link works once, for this long. */
export const HANDOFF_LIFETIME_MS = 10 * 60_000;
/** A liveness prompt must be answered within this time of being shown. */
export const CHALLENGE_LIFETIME_MS = 2 * 60_000;
/** Unambiguous upper-case letters and digits (no 0/O, 1/I/L): read aloud or typed from a screen. */
const HANDOFF_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const HANDOFF_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{8}$/;
export const SESSION_ID_PATTERN = /^[0-9A-Za-z]{32}$/;

export const STAGES = ['start', 'document', 'review', 'selfie', 'done', 'error'] as const;
export type Stage = (typeof STAGES)[number];

export interface ReviewValue {
  readonly key: string;
  readonly value: string;
  readonly accepted: boolean;
}

/** What the flow learnt on the way (personal data, sealed): the e-mail typed on the page, what Step 1 read,
 * and what the applicant confirmed. */
export interface FlowState {
  readonly email?: string;
  readonly review?: readonly ReviewValue[];
  readonly confirmed?: Readonly<Record<string, string>>;
}

export interface LiveformSession {
  readonly id: string;
  readonly projectId: string;
  readonly lang: LiveformLanguage;
  readonly params: LiveformParams;
  readonly state: FlowState;
  readonly tokenId?: string;
  readonly errorCode?: LiveformErrorCode;
  readonly submissionId?: string;
  readonly stage: Stage;
  readonly challenge?: { readonly prompt: ChallengePrompt; readonly issuedAt: Date };
  readonly handoff?: { readonly code: string; readonly expiresAt: Date; readonly claimedAt?: Date };
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revision: number;
}

export type OpenResult =
  | { readonly ok: true; readonly session: LiveformSession }
  | {
      readonly ok: false;
      readonly code: LiveformErrorCode;
      readonly lang: LiveformLanguage;
      /** An error session that holds what the error page's Return URL needs, when the project is known. */
      readonly sessionId?: string;
    };

export interface LiveformSessionDeps extends AccessDeps {
  /** The same database as `db`, for the transaction that counts a token and announces its expiry. */
  readonly database: Database;
  readonly jobs: JobQueue;
  readonly keyring: Keyring;
  readonly clock: Clock;
  /** Picks the liveness prompt; random unless a test fixes it. */
  readonly pickPrompt?: () => ChallengePrompt;
}

const PROMPTS: readonly ChallengePrompt[] = ['blink', 'turn_left', 'turn_right'];
const randomPrompt = (): ChallengePrompt => PROMPTS[crypto.randomInt(PROMPTS.length)]!;

export function createLiveformSessions(deps: LiveformSessionDeps) {
  const context = (id: string) => `liveform:${id}`;
  const seal = (id: string, value: unknown, part: string) =>
    sealValue(JSON.stringify(value), deps.keyring.personalData, `${context(id)}:${part}`);
  const open = <T>(id: string, sealed: Uint8Array, part: string): T =>
    JSON.parse(openValue(sealed, deps.keyring.personalData, `${context(id)}:${part}`)) as T;

  function toSession(row: LiveformSessionRow): LiveformSession {
    return {
      id: row.id,
      projectId: row.project_id,
      lang: row.lang as LiveformLanguage,
      params: open<{ params: LiveformParams }>(row.id, row.sealed_params, 'params').params,
      state: row.sealed_state ? open<FlowState>(row.id, row.sealed_state, 'state') : {},
      ...(row.token_id ? { tokenId: row.token_id } : {}),
      ...(row.error_code ? { errorCode: row.error_code as LiveformErrorCode } : {}),
      ...(row.submission_id ? { submissionId: row.submission_id } : {}),
      stage: row.stage as Stage,
      ...(row.challenge_prompt && row.challenge_issued_at
        ? {
            challenge: { prompt: row.challenge_prompt as ChallengePrompt, issuedAt: row.challenge_issued_at },
          }
        : {}),
      ...(row.handoff_code && row.handoff_expires_at
        ? {
            handoff: {
              code: row.handoff_code,
              expiresAt: row.handoff_expires_at,
              ...(row.handoff_claimed_at ? { claimedAt: row.handoff_claimed_at } : {}),
            },
          }
        : {}),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revision: row.revision,
    };
  }

  async function insert(
    projectId: string,
    lang: LiveformLanguage,
    params: LiveformParams,
    tokenId: string | undefined,
    errorCode: LiveformErrorCode | undefined,
  ): Promise<LiveformSessionRow> {
    const id = randomBase62(32);
    const now = deps.clock.now();
    await insertLiveformSession(deps.db, {
      id,
      projectId,
      now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      lang,
      sealedParams: seal(id, { params }, 'params'),
      tokenId: tokenId ?? null,
      errorCode: errorCode ?? null,
    });
    return (await selectLiveformSession(deps.db, id))!;
  }

  async function live(id: string): Promise<LiveformSessionRow | undefined> {
    if (!SESSION_ID_PATTERN.test(id)) return undefined;
    const row = await selectLiveformSession(deps.db, id);
    return row && row.expires_at.getTime() > deps.clock.now().getTime() ? row : undefined;
  }

  return {
    /** Validates a Liveform URL (argos.md §14.3) and opens its session, or says which error page to show. */
    async open(query: PlainQuery, acceptLanguage: string | undefined): Promise<OpenResult> {
      const lang = resolveLanguage(query.lang, acceptLanguage);
      const now = deps.clock.now();
      const checked = await checkAccess(deps, query, now);
      if (!checked.ok) {
        const { project, echo, error } = checked;
        if (!project) return { ok: false, code: error.code, lang };
        const row = await insert(project.id, lang, { customOptions: {}, ...echo }, undefined, error.code);
        return { ok: false, code: error.code, lang, sessionId: row.id };
      }
      const { access } = checked;
      if (access.token) {
        await markTokenUsed(deps.db, access.project.id, access.token.id, now, !access.token.registered);
      }
      const row = await insert(access.project.id, lang, access.params, access.token?.id, undefined);
      return { ok: true, session: toSession(row) };
    },

    async get(id: string): Promise<LiveformSession | undefined> {
      const row = await live(id);
      return row && toSession(row);
    },

    /** The session's hand-off code: the current one while it is unclaimed and fresh, else a new one. */
    async handoff(id: string): Promise<LiveformSession | undefined> {
      const row = await live(id);
      if (!row || row.error_code) return undefined;
      const now = deps.clock.now();
      if (row.handoff_code && !row.handoff_claimed_at && row.handoff_expires_at! > now) return toSession(row);
      const updated = await updateLiveformSession(
        deps.db,
        id,
        {
          handoff_code: randomString(8, HANDOFF_ALPHABET),
          handoff_expires_at: new Date(now.getTime() + HANDOFF_LIFETIME_MS),
        },
        now,
      );
      return updated && toSession(updated);
    },

    /**
     * The phone's claim of a hand-off code: once, while fresh, and only while the token still passes checks
     * 8-11 (a token that expired in the meantime gives its error page).
     */
    async claim(code: string): Promise<LiveformSession> {
      if (!HANDOFF_CODE_PATTERN.test(code)) throw new LiveformError('PV-40002', 'handoff');
      const now = deps.clock.now();
      const row = await selectSessionByHandoff(deps.db, code);
      if (!row) throw new LiveformError('PV-40002', 'handoff');
      const project = await deps.projects.get(row.project_id);
      if (project?.status !== 'active') throw new LiveformError('NF-10000');
      if (row.token_id && !row.submission_id) await checkToken(deps, project, row.token_id, now);
      const claimed = await claimHandoff(deps.db, code, now);
      if (!claimed) throw new LiveformError('PV-40002', 'handoff');
      return toSession(claimed);
    },

    /** Moves the session to `stage`, replacing its flow state when one is given. */
    async setStage(id: string, stage: Stage, state?: FlowState): Promise<LiveformSession | undefined> {
      const sealed = state ? { sealed_state: seal(id, state, 'state') } : {};
      const updated = await updateLiveformSession(deps.db, id, { stage, ...sealed }, deps.clock.now());
      return updated && toSession(updated);
    },

    /**
     * Records the submission the session's first Step 1 created; with a token, counts it against the project's
     * `count:N` expiration and reports when that made the token expire (the `token_expired` event).
     */
    async recordSubmission(
      session: LiveformSession,
      submissionId: string,
    ): Promise<{ tokenExpired?: { tokenId: string; at: Date; submissions: number } }> {
      const now = deps.clock.now();
      return deps.database.transaction(async (tx) => {
        await updateLiveformSession(tx, session.id, { submission_id: submissionId }, now);
        const tokenId = session.tokenId;
        if (!tokenId) return {};
        const count = await countTokenSubmission(tx, session.projectId, tokenId);
        const project = await deps.projects.get(session.projectId, tx);
        const rule = parseExpirationRule(project?.settings.tokens.expiration ?? 'none');
        if (project && rule.kind === 'count' && count >= rule.submissions) {
          if (await markTokenExpired(tx, session.projectId, tokenId, now)) {
            // Announced in the same transaction that marks it (argos.md §14.3, §15.5).
            await emitSubmissionEvent(deps, tx, project, `token:${tokenId}`, 'token_expired', {
              tokenId,
              condition: 'count',
              at: now.toISOString(),
            });
            return { tokenExpired: { tokenId, at: now, submissions: count } };
          }
        }
        return {};
      });
    },

    /** Gives the session a fresh liveness prompt, to be answered within CHALLENGE_LIFETIME_MS. */
    async issueChallenge(id: string): Promise<ChallengePrompt | undefined> {
      const prompt = (deps.pickPrompt ?? randomPrompt)();
      const now = deps.clock.now();
      const updated = await updateLiveformSession(
        deps.db,
        id,
        { challenge_prompt: prompt, challenge_issued_at: now },
        now,
      );
      return updated ? prompt : undefined;
    },

    /** Takes the session's prompt for one answer: a prompt is used once, and only while fresh. */
    async takeChallenge(id: string): Promise<ChallengePrompt | undefined> {
      const row = await live(id);
      if (!row?.challenge_prompt || !row.challenge_issued_at) return undefined;
      const now = deps.clock.now();
      await updateLiveformSession(deps.db, id, { challenge_prompt: null, challenge_issued_at: null }, now);
      if (now.getTime() - row.challenge_issued_at.getTime() > CHALLENGE_LIFETIME_MS) return undefined;
      return row.challenge_prompt as ChallengePrompt;
    },
  };
}

export type LiveformSessions = ReturnType<typeof createLiveformSessions>;
