import type { Migration } from './migration.js';

export const webhookDeliveries: Migration = {
  version: 3,
  name: 'webhook and callback deliveries',
  sql: `
CREATE TABLE deliveries (
  id uuid PRIMARY KEY,
  sequence bigserial NOT NULL UNIQUE,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  ordering_key text,
  subject_id text,
  kind text NOT NULL,
  event text NOT NULL,
  url text NOT NULL,
  sealed_event bytea,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'gone')),
  attempts integer NOT NULL DEFAULT 0,
  round_start integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3),
  lease_until timestamptz(3),
  last_status_code integer,
  last_error text,
  last_latency_ms integer,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3)
);
CREATE INDEX deliveries_project ON deliveries (project_id, sequence DESC);
CREATE INDEX deliveries_open_by_key ON deliveries (ordering_key, sequence) WHERE status = 'pending';
CREATE INDEX deliveries_subject ON deliveries (subject_id);

CREATE TABLE delivery_attempts (
  delivery_id uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  at timestamptz(3) NOT NULL DEFAULT now(),
  status_code integer,
  error text,
  latency_ms integer NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
`,
};
