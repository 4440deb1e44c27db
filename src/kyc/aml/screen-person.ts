import { selectActiveLists, selectCandidateNames, selectEntries } from '../../store/aml-store.js';
import type { Queryable } from '../../store/database.js';
import { keysPerToken, nameTokens } from './name-normalise.js';
import { nameSimilarity } from './name-similarity.js';
import {
  type AmlStatus,
  type BirthDateAgreement,
  birthDateAgreement,
  type CountryAgreement,
  combinedScore,
  countryAgreement,
  highestRisk,
  type ListKind,
  matchRisk,
  type RiskLevel,
  SCREENING_RULES,
} from './screening-rules.js';

// Screening one person against the active lists: candidates by blocking keys (a word or its sound in common),
// every candidate name scored (name-similarity.ts), the best name of each entry weighed with the birth date and
// nationality (screening-rules.ts), potential matches ranked.

export interface ScreenedPerson {
  readonly fullName?: string | undefined;
  readonly birthDate?: string | undefined;
  readonly nationality?: string | undefined;
}

export interface AmlMatch {
  readonly list: string;
  readonly entityId: string;
  readonly caption: string;
  readonly kind: ListKind;
  /** Name similarity, 0..1 (3 decimals). */
  readonly nameScore: number;
  readonly birthDate: BirthDateAgreement;
  readonly country: CountryAgreement;
  /** The combined score the verdict is taken on (3 decimals). */
  readonly score: number;
  readonly risk: RiskLevel;
}

export interface AmlVerdict {
  readonly status: AmlStatus;
  readonly risk: RiskLevel;
  /** Potential matches, strongest first (at most MAX_MATCHES). */
  readonly matches: readonly AmlMatch[];
  /** The lists screened against (name and content hash), for the record. */
  readonly lists: readonly { readonly name: string; readonly sha256: string }[];
}

/** Candidate names fetched per screening: those sharing keys with the most words come first. */
const CANDIDATE_LIMIT = 2_000;
const MAX_MATCHES = 10;
const round = (value: number) => Math.round(value * 1000) / 1000;

export async function screenPerson(db: Queryable, person: ScreenedPerson): Promise<AmlVerdict> {
  const lists = (await selectActiveLists(db)).map((l) => ({ name: l.name, sha256: l.sha256 ?? '' }));
  const tokens = nameTokens(person.fullName ?? '');
  // Nothing to screen against, or no name to screen: the vendor's "Not Screened".
  if (lists.length === 0 || tokens.length === 0)
    return { status: 'Not Screened', risk: 'N/A', matches: [], lists };

  const perWord = keysPerToken(tokens);
  const keys = perWord.flat();
  const words = perWord.flatMap((wordKeys, i) => wordKeys.map(() => i));
  const candidates = await selectCandidateNames(db, keys, words, CANDIDATE_LIMIT);
  const bestName = new Map<number, number>();
  for (const candidate of candidates) {
    const similarity = nameSimilarity(tokens, candidate.tokens);
    if (similarity < SCREENING_RULES.minNameSimilarity) continue;
    if (similarity > (bestName.get(candidate.entry_id) ?? 0)) bestName.set(candidate.entry_id, similarity);
  }
  const matches: AmlMatch[] = [];
  for (const entry of await selectEntries(db, [...bestName.keys()])) {
    const nameScore = bestName.get(entry.id)!;
    const birthDate = birthDateAgreement(person.birthDate, entry.birth_dates);
    const country = countryAgreement(person.nationality, entry.countries);
    const score = combinedScore(nameScore, birthDate, country);
    if (score < SCREENING_RULES.potentialMatch) continue;
    const kind = entry.kind as ListKind;
    matches.push({
      list: entry.list_name,
      entityId: entry.source_id,
      caption: entry.caption,
      kind,
      nameScore: round(nameScore),
      birthDate,
      country,
      score: round(score),
      risk: matchRisk(kind, score),
    });
  }
  matches.sort((a, b) => b.score - a.score || a.entityId.localeCompare(b.entityId));
  if (matches.length === 0) return { status: 'No Match', risk: 'N/A', matches: [], lists };
  return {
    status: 'Potential Match',
    risk: highestRisk(matches.map((m) => m.risk)),
    matches: matches.slice(0, MAX_MATCHES),
    lists,
  };
}
