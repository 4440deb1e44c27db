import type { Migration } from './migration.js';

// One row per POST /modules/recognition (argos.md §3): id, time, status and error code, kept 30 days. An
// asynchronous request also holds its images' blob references until its job has run (then they are erased).
export const recognitionTransactions: Migration = {
  version: 10,
  name: 'recognition transactions',
  sql: `
CREATE TABLE recognition_transactions (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('sync', 'async')),
  status text NOT NULL CHECK (status IN ('queued', 'processing', 'succeeded', 'failed')),
  error_code text,
  issuing_country text,
  id_type text,
  callback_url text,
  images jsonb,
  ms integer,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3)
);
CREATE INDEX recognition_transactions_created ON recognition_transactions (created_at);
CREATE INDEX recognition_transactions_project ON recognition_transactions (project_id, created_at DESC);
`,
};
