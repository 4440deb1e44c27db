import type { Migration } from './migration.js';

export const usage: Migration = {
  version: 15,
  name: 'daily request counts per project',
  sql: `
CREATE TABLE usage_daily (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  day date NOT NULL,
  requests bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, day)
);
`,
};
