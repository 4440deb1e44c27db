import { foundation } from './001-foundation.js';
import { tokens } from './002-tokens.js';
import { webhookDeliveries } from './003-webhook-deliveries.js';
import { submissions } from './004-submissions.js';
import { recognitionTransactions } from './010-recognition-transactions.js';
import { usage } from './015-usage.js';
import { liveform } from './020-liveform.js';
import { aml } from './030-aml.js';
import { tokenTimeExpiry } from './031-token-time-expiry.js';
import type { Migration } from './migration.js';

/** Every schema version in order. A new version is a new file appended here. */
export const migrations: readonly Migration[] = [
  foundation,
  tokens,
  webhookDeliveries,
  submissions,
  recognitionTransactions,
  usage,
  liveform,
  aml,
  tokenTimeExpiry,
];
