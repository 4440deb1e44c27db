import type { Migration } from './migration.js';

export const tokens: Migration = {
  version: 2,
  name: 'private-mode tokens',
  sql: `
CREATE TABLE tokens (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  token_id text NOT NULL,
  registered boolean NOT NULL DEFAULT true,
  update_time timestamptz(3) NOT NULL DEFAULT now(),
  first_used_at timestamptz(3),
  use_count integer NOT NULL DEFAULT 0,
  expired_at timestamptz(3),
  PRIMARY KEY (project_id, token_id)
);
CREATE INDEX tokens_by_update_time ON tokens (project_id, update_time DESC, token_id DESC);
`,
};
