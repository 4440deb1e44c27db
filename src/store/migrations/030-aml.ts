import type { Migration } from './migration.js';

// AML screening (argos.md §15.5). Lists are loaded by the operator (public sanctions/PEP data, kept in the clear
// so that they can be searched): a list is staged as `loading` and switched to `active` in one short
// transaction, which also drops the version it replaces. Each name of an entry carries its normalised words and
// blocking keys (GIN-indexed). A submission's screening result names a person and says whether they are listed:
// it is personal data and is sealed; the monitoring registration holds no personal data.
export const aml: Migration = {
  version: 30,
  name: 'AML lists, screenings and monitoring',
  sql: `
CREATE TABLE aml_lists (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  format text NOT NULL,
  state text NOT NULL CHECK (state IN ('loading', 'active')),
  sha256 text,
  entries integer NOT NULL DEFAULT 0,
  names integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  loaded_by text NOT NULL,
  loaded_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX aml_lists_active_name ON aml_lists (name) WHERE state = 'active';

CREATE TABLE aml_entries (
  id bigserial PRIMARY KEY,
  list_id bigint NOT NULL REFERENCES aml_lists (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  source_id text NOT NULL,
  caption text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sanction', 'pep', 'watchlist')),
  birth_dates text[] NOT NULL DEFAULT '{}',
  countries text[] NOT NULL DEFAULT '{}',
  datasets text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX aml_entries_list ON aml_entries (list_id);

CREATE TABLE aml_names (
  id bigserial PRIMARY KEY,
  list_id bigint NOT NULL REFERENCES aml_lists (id) ON DELETE CASCADE,
  entry_id bigint NOT NULL REFERENCES aml_entries (id) ON DELETE CASCADE,
  name text NOT NULL,
  tokens text[] NOT NULL,
  keys text[] NOT NULL
);
CREATE INDEX aml_names_keys ON aml_names USING gin (keys);
CREATE INDEX aml_names_list ON aml_names (list_id);
CREATE INDEX aml_names_entry ON aml_names (entry_id);

CREATE TABLE aml_screenings (
  submission_id text PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
  project_id text NOT NULL,
  trigger text NOT NULL,
  screened_at timestamptz(3) NOT NULL,
  sealed_result bytea NOT NULL
);

CREATE TABLE aml_monitor_records (
  record_id text PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  project_id text NOT NULL,
  worklist_id text NOT NULL,
  created_at timestamptz(3) NOT NULL,
  next_screen_at timestamptz(3) NOT NULL,
  UNIQUE (submission_id, worklist_id)
);
CREATE INDEX aml_monitor_due ON aml_monitor_records (next_screen_at);
`,
};
