import { alpha2Of } from './country-alpha2.js';

// How the evidence of one list entry becomes a verdict. The name similarity (name-similarity.ts) is the base;
// the date of birth and the nationality raise or lower it, because a shared name is common and a shared name
// with a shared birth date is not. The numbers are ours, set on the labelled set of test/kyc/aml (README:
// "AML screening"): they are a policy, written down here in one table.

export type BirthDateAgreement = 'exact' | 'partial' | 'near' | 'mismatch' | 'unknown';
export type CountryAgreement = 'match' | 'mismatch' | 'unknown';
export type ListKind = 'sanction' | 'pep' | 'watchlist';
export type AmlStatus = 'Not Screened' | 'No Match' | 'Potential Match';
export type RiskLevel = 'N/A' | 'Low' | 'Medium' | 'High';

export const SCREENING_RULES = {
  /** Names less alike than this are not looked at further. */
  minNameSimilarity: 0.7,
  /** A combined score at or above this is a potential match. */
  potentialMatch: 0.85,
  /** A combined score at or above this is a strong match (raises the risk by one level). */
  strongMatch: 0.97,
  birthDate: { exact: 0.08, partial: 0.04, near: -0.08, mismatch: -0.25, unknown: 0 },
  country: { match: 0.03, mismatch: -0.05, unknown: 0 },
} as const satisfies {
  birthDate: Record<BirthDateAgreement, number>;
  country: Record<CountryAgreement, number>;
  [key: string]: unknown;
};

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Applicant's birth date (YYYY-MM-DD) against the entry's dates (YYYY, YYYY-MM or YYYY-MM-DD each). */
export function birthDateAgreement(
  applicant: string | undefined,
  listed: readonly string[],
): BirthDateAgreement {
  const mine = applicant ? DATE.exec(applicant) : null;
  if (!mine?.[3]) return 'unknown';
  const order: BirthDateAgreement[] = ['exact', 'partial', 'near', 'mismatch'];
  let best: BirthDateAgreement = 'unknown';
  for (const date of listed) {
    const theirs = DATE.exec(date.trim());
    if (!theirs) continue;
    const yearGap = Math.abs(Number(theirs[1]) - Number(mine[1]));
    let agreement: BirthDateAgreement;
    if (theirs[3]) agreement = date.trim() === applicant ? 'exact' : yearGap <= 1 ? 'near' : 'mismatch';
    else if (theirs[2])
      agreement = yearGap === 0 && theirs[2] === mine[2] ? 'partial' : yearGap <= 1 ? 'near' : 'mismatch';
    else agreement = yearGap === 0 ? 'partial' : yearGap <= 1 ? 'near' : 'mismatch';
    if (best === 'unknown' || order.indexOf(agreement) < order.indexOf(best)) best = agreement;
  }
  return best;
}

/** Applicant's nationality (alpha-3) against the entry's countries (alpha-2, any case). */
export function countryAgreement(
  nationality: string | undefined,
  listed: readonly string[],
): CountryAgreement {
  const mine = nationality ? alpha2Of(nationality) : undefined;
  const theirs = listed.map((c) => c.trim().toUpperCase()).filter((c) => c.length > 0);
  if (!mine || theirs.length === 0) return 'unknown';
  return theirs.includes(mine) ? 'match' : 'mismatch';
}

export function combinedScore(
  nameSimilarity: number,
  birthDate: BirthDateAgreement,
  country: CountryAgreement,
): number {
  return nameSimilarity + SCREENING_RULES.birthDate[birthDate] + SCREENING_RULES.country[country];
}

const LEVELS: readonly RiskLevel[] = ['N/A', 'Low', 'Medium', 'High'];

/** Risk of one potential match: sanctions start at Medium, PEPs and other lists at Low; a strong match is one up. */
export function matchRisk(kind: ListKind, score: number): RiskLevel {
  const base = kind === 'sanction' ? 2 : 1;
  return LEVELS[Math.min(3, base + (score >= SCREENING_RULES.strongMatch ? 1 : 0))]!;
}

export function highestRisk(levels: readonly RiskLevel[]): RiskLevel {
  return levels.reduce<RiskLevel>((a, b) => (LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a), 'N/A');
}
