import type { Migration } from './migration.js';

// Submissions (argos.md §4-§12): state and lookup columns in the clear, everything personal in one sealed
// record (`sealed_record`, AES-256-GCM under the personal-data key, bound to the row id). E-mail, user id and
// token are found by blind index (keyed HMAC), never by their value.
export const submissions: Migration = {
  version: 4,
  name: 'submissions, their images and face templates',
  sql: `
CREATE TABLE submissions (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('incomplete', 'pending', 'approved', 'rejected')),
  origin text NOT NULL CHECK (origin IN ('api', 'liveform', 'migration')),
  id_type text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  decided_at timestamptz(3),
  pending_at timestamptz(3),
  deleted_at timestamptz(3),
  deleted_by text,
  reviewer text,
  retry_count integer NOT NULL DEFAULT 0,
  step1_done boolean NOT NULL DEFAULT false,
  step2_started boolean NOT NULL DEFAULT false,
  email_index text,
  userid_index text,
  token_index text,
  duplicate_key text,
  duplicate_checks_off boolean NOT NULL DEFAULT false,
  applicant_id text,
  scores jsonb NOT NULL DEFAULT '{}'::jsonb,
  attempts jsonb NOT NULL DEFAULT '[]'::jsonb,
  sealed_record bytea,
  revision integer NOT NULL DEFAULT 1
);
CREATE INDEX submissions_by_created ON submissions (project_id, created_at DESC, id DESC);
CREATE INDEX submissions_by_email ON submissions (project_id, email_index) WHERE email_index IS NOT NULL;
CREATE INDEX submissions_by_userid ON submissions (project_id, userid_index) WHERE userid_index IS NOT NULL;
CREATE INDEX submissions_by_token ON submissions (project_id, token_index) WHERE token_index IS NOT NULL;
CREATE INDEX submissions_by_duplicate_key ON submissions (project_id, duplicate_key, status)
  WHERE duplicate_key IS NOT NULL;
CREATE INDEX submissions_incomplete ON submissions (created_at) WHERE status = 'incomplete' AND deleted_at IS NULL;

CREATE TABLE submission_images (
  submission_id text NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('idFront', 'idBack', 'selfie', 'address')),
  blob_id text NOT NULL,
  sha256 text NOT NULL,
  size integer NOT NULL,
  content_type text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (submission_id, kind)
);

-- Blobs whose erasure failed are retried from here; a row names no person, only the blob.
CREATE TABLE blob_erasures (
  blob_id text PRIMARY KEY,
  submission_id text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE face_templates (
  sequence bigserial PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  project_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('portrait', 'selfie')),
  model text NOT NULL,
  sealed_vector bytea NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (submission_id, source)
);
CREATE INDEX face_templates_project ON face_templates (project_id, model, sequence);
`,
};
