import type { Keyring } from '../../crypto/keyring.js';
import { openValue, sealValue } from '../../crypto/sealed-value.js';
import type { AmlVerdict } from './screen-person.js';

// A submission's screening as stored: the verdict, when it was reached, and the monitoring registrations. It says
// whether a named person is on a sanctions or PEP list, so it is sealed under the personal-data key, bound to
// the submission id.

export interface MonitorRegistration {
  readonly recordId: string;
  readonly worklistId: string;
  /** ISO timestamp. */
  readonly createdAt: string;
}

export interface AmlScreening extends AmlVerdict {
  /** ISO timestamp of this verdict. */
  readonly screenedAt: string;
  readonly monitoring: readonly MonitorRegistration[];
}

const context = (submissionId: string) => `aml:${submissionId}`;

export function sealScreening(keyring: Keyring, submissionId: string, screening: AmlScreening): Buffer {
  return sealValue(JSON.stringify(screening), keyring.personalData, context(submissionId));
}

export function openScreening(keyring: Keyring, submissionId: string, sealed: Uint8Array): AmlScreening {
  return JSON.parse(openValue(sealed, keyring.personalData, context(submissionId))) as AmlScreening;
}
