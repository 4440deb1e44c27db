import { ageOn, isBeforeDay } from './dates.js';
import type {
  DecisionReason,
  IdType,
  KycStatus,
  PolicyOverrides,
  RequestedIdType,
} from './submission-model.js';

// The project policies of argos.md §1.9 as Step 2 applies them (§4.3 step 2), each switchable per submission
// by customOptions (§4.2). Pure: the caller gathers the facts, this says which rules they break.

export interface ProjectPolicies {
  readonly blacklistCountries: readonly string[];
  readonly approvePeriodDays: number;
  readonly rejectPeriodDays: number;
  readonly ageLimit: number;
  readonly rejectDuplicateUser: boolean;
  readonly acceptedIdTypes: readonly string[];
}

/** The rules in effect for one submission. */
export interface EffectivePolicies {
  readonly blacklist: readonly string[];
  readonly approvePeriodDays: number;
  readonly rejectPeriodDays: number;
  readonly ageLimit: number;
  readonly rejectDuplicateUser: boolean;
  readonly acceptedIdTypes: readonly string[];
}

export function effectivePolicies(policies: ProjectPolicies, overrides: PolicyOverrides): EffectivePolicies {
  return {
    blacklist:
      overrides.blacklistCountries === false ? [] : policies.blacklistCountries.map((c) => c.toUpperCase()),
    approvePeriodDays: overrides.approvePeriod === false ? 0 : policies.approvePeriodDays,
    rejectPeriodDays: overrides.rejectPeriod === false ? 0 : policies.rejectPeriodDays,
    ageLimit: overrides.ageLimit === false ? 0 : policies.ageLimit,
    rejectDuplicateUser: overrides.rejectDuplicateUser ?? policies.rejectDuplicateUser,
    acceptedIdTypes: policies.acceptedIdTypes,
  };
}

/** An earlier, decided submission that shares this one's identity (by data or by face). */
export interface EarlierDecision {
  readonly id: string;
  readonly status: KycStatus;
  readonly decidedAt: Date | null;
  readonly applicantId: string | null;
}

const DAY_MS = 86_400_000;

/** Whether an earlier decision blocks this submission under the duplicate rules. */
export function blocksAsDuplicate(earlier: EarlierDecision, rules: EffectivePolicies, now: Date): boolean {
  const within = (days: number) =>
    days > 0 && earlier.decidedAt !== null && now.getTime() - earlier.decidedAt.getTime() <= days * DAY_MS;
  if (earlier.status === 'approved') return rules.rejectDuplicateUser || within(rules.approvePeriodDays);
  if (earlier.status === 'rejected') return within(rules.rejectPeriodDays);
  return false;
}

export interface PolicyFacts {
  readonly idType: RequestedIdType;
  readonly detectedType?: IdType | undefined;
  readonly issuingCountries: readonly (string | undefined)[];
  readonly nationality?: string | undefined;
  readonly birthDate?: string | undefined;
  readonly expireDate?: string | undefined;
  /** Earlier decided submissions with the same duplicated_information. */
  readonly sameIdentity: readonly EarlierDecision[];
}

export interface PolicyVerdict {
  readonly reasons: DecisionReason[];
  /** The applicant of the earlier submission a duplicate rejection matched. */
  readonly matchedApplicantId?: string;
}

/** Every rule the facts break, in the order of argos.md §4.3 step 2. */
export function checkPolicies(rules: EffectivePolicies, facts: PolicyFacts, now: Date): PolicyVerdict {
  const reasons: DecisionReason[] = [];
  if (facts.expireDate && isBeforeDay(facts.expireDate, now)) reasons.push({ code: 'expired_id' });
  if (!facts.birthDate) reasons.push({ code: 'no-date-of-birth' });
  if (rules.ageLimit > 0 && facts.birthDate) {
    const age = ageOn(facts.birthDate, now);
    if (age !== undefined && age < rules.ageLimit)
      reasons.push({ code: 'id_info_notOfAge', ageLimit: rules.ageLimit });
  }
  const blacklisted = [...facts.issuingCountries, facts.nationality].find(
    (country): country is string => country !== undefined && rules.blacklist.includes(country),
  );
  if (blacklisted) reasons.push({ code: 'id_info_blacklist', country: blacklisted });
  const type = facts.idType === 'universal' ? facts.detectedType : facts.idType;
  if (rules.acceptedIdTypes.length > 0 && (!type || !rules.acceptedIdTypes.includes(type))) {
    reasons.push({ code: 'invalid_acceptedID' });
  }
  const duplicate = facts.sameIdentity.find((earlier) => blocksAsDuplicate(earlier, rules, now));
  if (duplicate) {
    reasons.push({ code: 'duplicate_user' });
    return duplicate.applicantId ? { reasons, matchedApplicantId: duplicate.applicantId } : { reasons };
  }
  return { reasons };
}
