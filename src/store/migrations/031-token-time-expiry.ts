import type { Migration } from './migration.js';

// Time-based token expiry (argos.md §14.3, §15.5): the expiry instant that `token_expired` announced, so the
// periodic sweep announces each expiry once. Re-registering a token moves its update_time and with it the
// instant, so a renewed token is announced again when its new time runs out.
export const tokenTimeExpiry: Migration = {
  version: 31,
  name: 'announced time-based token expiries',
  sql: `
ALTER TABLE tokens ADD COLUMN time_expiry_announced_at timestamptz(3);
CREATE INDEX tokens_time_expiry ON tokens (project_id, update_time) WHERE expired_at IS NULL;
`,
};
