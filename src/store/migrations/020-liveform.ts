import type { Migration } from './migration.js';

// Liveform sessions (argos.md §14): one row per opened capture URL that passed validation (or that failed it
// with a return URL to follow). The id is the bearer capability of the page; the URL's parameters (e-mail,
// user id, custom fields) and the read and confirmed document data are personal data and stay sealed. The hand-off code is the short link the desktop
// shows as a QR code; it can be claimed once.
export const liveform: Migration = {
  version: 20,
  name: 'liveform sessions',
  sql: `
CREATE TABLE liveform_sessions (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  expires_at timestamptz(3) NOT NULL,
  lang text NOT NULL,
  sealed_params bytea NOT NULL,
  sealed_state bytea,
  token_id text,
  error_code text,
  submission_id text,
  stage text NOT NULL DEFAULT 'start',
  challenge_prompt text,
  challenge_issued_at timestamptz(3),
  handoff_code text UNIQUE,
  handoff_expires_at timestamptz(3),
  handoff_claimed_at timestamptz(3),
  revision integer NOT NULL DEFAULT 1
);
CREATE INDEX liveform_sessions_by_token ON liveform_sessions (project_id, token_id) WHERE token_id IS NOT NULL;
CREATE INDEX liveform_sessions_by_submission ON liveform_sessions (submission_id) WHERE submission_id IS NOT NULL;
CREATE INDEX liveform_sessions_expiry ON liveform_sessions (expires_at);
`,
};
