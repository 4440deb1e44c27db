// Which document is this? Every model is scored on the evidence read from the images: the MRZ (format,
// document code, issuing state), the AAMVA barcode (jurisdiction country, DL or ID subfile), the
// document's own words (title, issuer) and captions on each side, and the card's proportions. The
// caller's claim (issuing country, type) only breaks near-ties: evidence that names another country or
// type is reported as a mismatch (argos.md §3 error 1011).
import { findLabel, prepareLabel } from '../viz/label-match.js';
import { documentModels } from './catalogue.js';
import type { DocumentModel, IdType, PhysicalSize, Side } from './types.js';

export interface MrzEvidence {
  /** Document code as printed, fillers removed (e.g. "P", "ID", "IR"). */
  readonly documentCode: string;
  /** ISO alpha-3 of the issuer (ICAO-only codes already mapped, e.g. D -> DEU). */
  readonly issuingCountry: string;
  readonly format: string;
  readonly valid: boolean;
}

export interface BarcodeEvidence {
  readonly country: string | null;
  /** 'DL' (driver licence) or 'ID' (identification card) subfile, null when neither. */
  readonly subfile: 'DL' | 'ID' | null;
}

export interface ClassifyInput {
  readonly requested?: { readonly country: string; readonly idType: IdType };
  readonly mrz: MrzEvidence | null;
  readonly barcode: BarcodeEvidence | null;
  /** Folded (upper-case, accent-free) line texts per side. */
  readonly text: Readonly<Partial<Record<Side, readonly string[]>>>;
  /** Width / height of the upright front, when the outline was found. */
  readonly frontAspect: number | null;
}

export interface ModelScore {
  readonly model: DocumentModel;
  readonly score: number;
  /** How many of the model's own title words were found. */
  readonly keywords: number;
  readonly evidence: readonly string[];
}

export interface Classification {
  /** The model the fields are read with (null only when the catalogue has nothing for the type). */
  readonly model: DocumentModel | null;
  /** What the document is, as far as the evidence tells. */
  readonly country: string | null;
  readonly idType: IdType | null;
  readonly score: number;
  readonly evidence: readonly string[];
  /** Evidence that the document is not the requested one, with the reason; null when none. */
  readonly mismatch: string | null;
  /** The best few candidates, for diagnostics. */
  readonly ranking: readonly { readonly id: string; readonly score: number }[];
}

const aspects: Readonly<Record<PhysicalSize, number>> = { ID1: 85.6 / 54, ID2: 105 / 74, ID3: 125 / 88 };

/** MRZ document codes by the type they name. */
function typeOfMrzCode(code: string): IdType | null {
  if (code.startsWith('P')) return 'passport';
  if (code.startsWith('V')) return 'visa';
  if (/^(IR|AR|RP|CR|IT)/.test(code)) return 'residence_permit';
  if (/^[IAC]/.test(code)) return 'government_id';
  return null;
}

/** Requested types that a detected type may stand for (an ICAO card code does not tell ID from permit). */
export function compatibleTypes(detected: IdType, requested: IdType): boolean {
  if (detected === requested) return true;
  const cards: readonly IdType[] = ['government_id', 'residence_permit'];
  return cards.includes(detected) && cards.includes(requested);
}

function countryFits(model: DocumentModel, country: string): boolean {
  return model.country === '*' || model.country === country;
}

/**
 * The words a model prints on a side besides its titles and field captions (table headings, row labels),
 * as captions to look for: cells of two or more characters that are not bare numbers ("AM", "C1E",
 * "Conditions"; not "9." or "A").
 */
export function printedWords(model: DocumentModel, side: Side): string[] {
  const cells = (model.printed?.[side] ?? []).flat().map((c) => c.trim());
  return [...new Set(cells.filter((c) => c.replace(/[^\p{L}\p{N}]/gu, '').length >= 2 && !/^[0-9]/.test(c)))];
}

/** How many of the words a model prints on a side (its printed words and captions) the side's lines show. */
export function printedWordsFound(model: DocumentModel, side: Side, lines: readonly string[]): number {
  const words = [
    ...printedWords(model, side),
    ...model.fields.filter((f) => f.side === side).flatMap((f) => f.labels.filter((l) => !/^[0-9]/.test(l))),
    ...(model.keywords[side] ?? []),
  ];
  return new Set(
    words.filter((w) => {
      const label = prepareLabel(w);
      return lines.some((line) => findLabel(line, label));
    }),
  ).size;
}

export function scoreModel(model: DocumentModel, input: ClassifyInput): ModelScore {
  let score = 0;
  let keywords = 0;
  const evidence: string[] = [];
  const { mrz, barcode } = input;
  if (mrz) {
    if (model.mrz) {
      if (model.mrz.format === mrz.format) {
        score += 3;
        evidence.push(`MRZ format ${mrz.format}`);
      } else score -= 4;
      if (model.mrz.codes.some((c) => mrz.documentCode.startsWith(c))) {
        score += 2;
        evidence.push(`MRZ document code ${mrz.documentCode}`);
      } else score -= 3;
    } else {
      score -= 5;
    }
    if (model.country === mrz.issuingCountry) {
      score += 4;
      evidence.push(`MRZ issuing state ${mrz.issuingCountry}`);
    } else if (model.country !== '*') score -= 10;
  }
  if (barcode) {
    if (model.barcode) {
      score += 2;
      if (barcode.country && model.country === barcode.country) {
        score += 4;
        evidence.push(`AAMVA issuer in ${barcode.country}`);
      } else if (barcode.country) score -= 10;
      const type =
        barcode.subfile === 'DL' ? 'drivers_license' : barcode.subfile === 'ID' ? 'government_id' : null;
      if (type === model.idType) {
        score += 2;
        evidence.push(`AAMVA ${barcode.subfile} subfile`);
      } else if (type) score -= 2;
    } else score -= 4;
  }
  for (const side of model.sides) {
    const lines = input.text[side];
    if (!lines || lines.length === 0) continue;
    let keywordHits = 0;
    for (const keyword of model.keywords[side] ?? []) {
      const label = prepareLabel(keyword);
      if (lines.some((line) => findLabel(line, label))) {
        keywordHits++;
        if (keywordHits <= 3) evidence.push(`"${keyword}" on the ${side}`);
      }
    }
    score += 1.5 * Math.min(3, keywordHits);
    keywords += keywordHits;
    const labels = [
      ...model.fields
        .filter((f) => f.side === side)
        .flatMap((f) => f.labels.filter((l) => !/^[0-9]/.test(l))),
      ...printedWords(model, side),
    ];
    if (labels.length > 0) {
      const found = labels.filter((l) => {
        const label = prepareLabel(l);
        return lines.some((line) => findLabel(line, label));
      }).length;
      const share = found / labels.length;
      score += 3 * share;
      if (found > 0) evidence.push(`${found}/${labels.length} captions on the ${side}`);
    }
    const numbered = model.fields.filter((f) => f.side === side && f.labels.some((l) => /^[0-9]/.test(l)));
    if (numbered.length >= 4) {
      const found = numbered.filter((f) =>
        lines.some((line) => f.labels.some((l) => /^[0-9]/.test(l) && findLabel(line, prepareLabel(l)))),
      ).length;
      score += (2 * found) / numbered.length;
    }
  }
  if (input.frontAspect !== null) {
    const expected = aspects[model.size];
    const ratio = input.frontAspect >= 1 ? input.frontAspect : 1 / input.frontAspect;
    score += Math.abs(ratio - expected) < 0.08 ? 0.5 : 0;
  }
  if (input.requested) {
    if (
      countryFits(model, input.requested.country) &&
      compatibleTypes(model.idType, input.requested.idType)
    ) {
      score += model.country === '*' ? 0.8 : 1;
    }
  }
  return { model, score, keywords, evidence };
}

export function classifyDocument(
  input: ClassifyInput,
  models: readonly DocumentModel[] = documentModels,
): Classification {
  const scored = models.map((m) => scoreModel(m, input)).sort((a, b) => b.score - a.score);
  const best = scored[0];
  const requested = input.requested;
  const fits = (s: ModelScore): boolean =>
    !requested ||
    (countryFits(s.model, requested.country) && compatibleTypes(s.model.idType, requested.idType));
  const bestFitting = scored.find(fits);
  const mismatch = findMismatch(input, best, bestFitting);
  const chosen = mismatch ? best : (bestFitting ?? best);
  const model = chosen?.model ?? null;
  let country: string | null = null;
  if (input.mrz) country = input.mrz.issuingCountry;
  else if (input.barcode?.country) country = input.barcode.country;
  else if (model && model.country !== '*') country = model.country;
  else if (requested && !mismatch) country = requested.country;
  const mrzType = input.mrz ? typeOfMrzCode(input.mrz.documentCode) : null;
  let idType = model?.idType ?? mrzType;
  if (mrzType && idType && !compatibleTypes(mrzType, idType)) idType = mrzType;
  if (idType && requested && !mismatch && compatibleTypes(idType, requested.idType))
    idType = requested.idType;
  return {
    model,
    country,
    idType,
    score: chosen?.score ?? 0,
    evidence: chosen?.evidence ?? [],
    mismatch,
    ranking: scored.slice(0, 5).map((s) => ({ id: s.model.id, score: Math.round(s.score * 100) / 100 })),
  };
}

/** Hard evidence against the caller's claim. */
function findMismatch(
  input: ClassifyInput,
  best: ModelScore | undefined,
  bestFitting: ModelScore | undefined,
): string | null {
  const requested = input.requested;
  if (!requested) return null;
  if (input.mrz) {
    const state = input.mrz.issuingCountry;
    if (input.mrz.valid && state !== requested.country) return `the MRZ names issuing state ${state}`;
    const type = typeOfMrzCode(input.mrz.documentCode);
    if (input.mrz.valid && type && !compatibleTypes(type, requested.idType))
      return `the MRZ document code ${input.mrz.documentCode} is a ${type}`;
  }
  if (input.barcode) {
    if (input.barcode.country && input.barcode.country !== requested.country)
      return `the AAMVA barcode was issued in ${input.barcode.country}`;
    const type =
      input.barcode.subfile === 'DL'
        ? 'drivers_license'
        : input.barcode.subfile === 'ID'
          ? 'government_id'
          : null;
    if (
      type &&
      !compatibleTypes(type, requested.idType) &&
      !(type === 'government_id' && requested.idType === 'drivers_license')
    )
      return `the AAMVA barcode holds a ${type} record`;
  }
  // The printed words name another document clearly better than any that fits the claim.
  if (best && !input.mrz && !input.barcode && best.model.country !== '*') {
    const fitting = bestFitting?.score ?? 0;
    const fits = best === bestFitting;
    const fittingKeywords = bestFitting?.keywords ?? 0;
    if (!fits && best.keywords > fittingKeywords && best.score >= 4.5 && best.score - fitting >= 1.5)
      return `the printed text reads as ${best.model.description}`;
  }
  return null;
}
