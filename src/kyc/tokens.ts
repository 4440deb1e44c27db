import type { Database } from '../store/database.js';
import {
  countExistingTokens,
  countTokens,
  deleteOldestTokens,
  deleteTokensById,
  selectToken,
  selectTokenPage,
  type TokenRow,
  upsertTokens,
} from '../store/tokens-store.js';
import { parseExpirationRule, type TokenExpiry, tokenExpiry } from './token-expiry.js';

export const TOKEN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{6,62}[A-Za-z0-9]$/;
export const MAX_TOKENS_PER_REQUEST = 500;
export const MAX_TOKENS_PER_PROJECT = 100_000;
export const MAX_DELETE_COUNT = 5_000;
export const TOKEN_PAGE_SIZE = 10_000;

export type TokenProblem =
  | { kind: 'emptyList' }
  | { kind: 'badFormat'; invalid: string[] }
  | { kind: 'tooManyInRequest' }
  | { kind: 'poolFull'; currentCount: number; wouldBe: number }
  | { kind: 'noneFound' }
  | { kind: 'notFound' }
  | { kind: 'badDeleteCount' };

export class TokenError extends Error {
  override name = 'TokenError';
  constructor(readonly problem: TokenProblem) {
    super(problem.kind);
  }
}

export interface TokenView {
  readonly tokenId: string;
  readonly updateTime: Date;
  readonly firstUsedAt: Date | null;
  readonly expiry: TokenExpiry;
}

function checkIds(input: unknown): string[] {
  if (!Array.isArray(input) || input.length === 0) throw new TokenError({ kind: 'emptyList' });
  if (input.length > MAX_TOKENS_PER_REQUEST) throw new TokenError({ kind: 'tooManyInRequest' });
  const invalid = input.filter((id) => typeof id !== 'string' || !TOKEN_ID_PATTERN.test(id)).map(String);
  if (invalid.length > 0) throw new TokenError({ kind: 'badFormat', invalid });
  return [...new Set(input as string[])];
}

/** The private-mode token pool of each project (argos.md §13). */
export function createTokens(db: Database) {
  const view = (row: TokenRow, expiration: string, now: Date): TokenView => ({
    tokenId: row.token_id,
    updateTime: row.update_time,
    firstUsedAt: row.first_used_at,
    expiry: tokenExpiry(
      {
        updateTime: row.update_time,
        firstUsedAt: row.first_used_at,
        useCount: row.use_count,
        expiredAt: row.expired_at,
      },
      parseExpirationRule(expiration),
      now,
    ),
  });

  return {
    /** Registers all ids or none: validation and the pool limit are checked before anything is written. */
    async register(
      projectId: string,
      input: unknown,
    ): Promise<{ submitted: number; processed: number; count: number }> {
      const ids = checkIds(input);
      return db.transaction(async (tx) => {
        // One registration per project at a time, so two concurrent requests cannot overfill the pool.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tokens:${projectId}`]);
        const current = await countTokens(tx, projectId);
        const existing = await countExistingTokens(tx, projectId, ids);
        const wouldBe = current + ids.length - existing;
        if (wouldBe > MAX_TOKENS_PER_PROJECT) {
          throw new TokenError({ kind: 'poolFull', currentCount: current, wouldBe });
        }
        await upsertTokens(tx, projectId, ids);
        return { submitted: (input as unknown[]).length, processed: ids.length, count: wouldBe };
      });
    },

    async get(projectId: string, tokenId: string, expiration: string, now = new Date()): Promise<TokenView> {
      const row = TOKEN_ID_PATTERN.test(tokenId) ? await selectToken(db, projectId, tokenId) : undefined;
      if (!row) throw new TokenError({ kind: 'notFound' });
      return view(row, expiration, now);
    },

    async page(
      projectId: string,
      expiration: string,
      after?: { tokenId: string; updateTime: Date },
      now = new Date(),
    ): Promise<{ tokens: TokenView[]; next?: { tokenId: string; updateTime: Date } }> {
      const rows = await selectTokenPage(db, projectId, TOKEN_PAGE_SIZE + 1, after);
      const tokens = rows.slice(0, TOKEN_PAGE_SIZE).map((row) => view(row, expiration, now));
      const last = tokens.at(-1);
      return rows.length > TOKEN_PAGE_SIZE && last
        ? { tokens, next: { tokenId: last.tokenId, updateTime: last.updateTime } }
        : { tokens };
    },

    count: (projectId: string) => countTokens(db, projectId),

    async deleteIds(
      projectId: string,
      input: unknown,
    ): Promise<{ submitted: number; deleted: string[]; notFound: string[] }> {
      const ids = checkIds(input);
      const deleted = await deleteTokensById(db, projectId, ids);
      if (deleted.length === 0) throw new TokenError({ kind: 'noneFound' });
      const gone = new Set(deleted);
      return { submitted: (input as unknown[]).length, deleted, notFound: ids.filter((id) => !gone.has(id)) };
    },

    async deleteOldest(projectId: string, count: unknown): Promise<number> {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_DELETE_COUNT) {
        throw new TokenError({ kind: 'badDeleteCount' });
      }
      const deleted = await deleteOldestTokens(db, projectId, count);
      if (deleted === 0) throw new TokenError({ kind: 'noneFound' });
      return deleted;
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
