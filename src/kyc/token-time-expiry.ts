import type { Database } from '../store/database.js';
import { markTimeExpiryAnnounced, selectUnannouncedTimeExpiries } from '../store/tokens-store.js';
import type { KycContext } from './kyc-context.js';
import { emitSubmissionEvent } from './submission-events.js';
import { parseExpirationRule } from './token-expiry.js';

// Time-based token expiry (argos.md §14.3, §15.5): with `tokens.expiration = time:H` a token expires H hours after
// its updateTime, and `token_expired` (expired_condition `time`, expected_expired_at) is announced once when that
// instant has passed. Nothing happens at that instant by itself, so a periodic sweep finds the tokens whose time
// ran out; the announcement is recorded in the transaction that writes the event, so a crash repeats nothing
// and loses nothing. (Count-based expiry is announced where the Nth submission is counted: liveform-sessions.ts.)

export type TokenSweepDeps = Pick<KycContext, 'jobs' | 'keyring' | 'projects'> & { readonly db: Database };

const BATCH = 200;

/** Announces every time-expired token not announced yet; returns how many. */
export async function announceTimeExpiredTokens(deps: TokenSweepDeps, now: Date): Promise<number> {
  let announced = 0;
  for (const project of await deps.projects.list()) {
    const rule = parseExpirationRule(project.settings.tokens.expiration);
    if (rule.kind !== 'time') continue;
    for (;;) {
      const count = await deps.db.transaction(async (tx) => {
        const expired = await selectUnannouncedTimeExpiries(tx, project.id, rule.hours, now, BATCH);
        for (const token of expired) {
          await markTimeExpiryAnnounced(tx, project.id, token.token_id, token.expires_at);
          await emitSubmissionEvent(deps, tx, project, `token:${token.token_id}`, 'token_expired', {
            tokenId: token.token_id,
            condition: 'time',
            at: token.expires_at.toISOString(),
          });
        }
        return expired.length;
      });
      announced += count;
      if (count < BATCH) break;
    }
  }
  return announced;
}
