// Finding printed captions in recognised lines: accent- and case-blind, whole words only, tolerant of one
// misread character in longer captions, and numbered captions ("4a.", "5") only at the start of a line.
import { fold } from './values.js';

export interface LabelHit {
  /** Character span of the caption in the line. */
  readonly start: number;
  readonly end: number;
  /** 1 for an exact match, less for a fuzzy one. */
  readonly quality: number;
}

/** Caption text prepared for matching. */
export function prepareLabel(label: string): string {
  return fold(label).replace(/\s+/g, ' ').trim();
}

export function isNumberedLabel(label: string): boolean {
  return /^[0-9]{1,2}[a-d]?$/i.test(label);
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Where `label` (prepared) occurs in `line` (folded), or null. Han/Kana captions match as substrings
 * (those scripts have no word spaces).
 */
export function findLabel(line: string, label: string): LabelHit | null {
  if (label.length === 0) return null;
  if (isNumberedLabel(label)) {
    const start = new RegExp(`^\\s*${label}(?:[.):]|\\s|$)\\.?`, 'i').exec(line);
    if (start) return { start: start.index, end: start.index + start[0].length, quality: 1 };
    // Mid-line only with its dot ("... 4c. STADT KOELN"): a bare number there is data.
    // A lettered number ("4c.") may even follow digits the recogniser ran into it ("2023" + "4c.").
    const before = /[a-d]$/i.test(label) ? '[\\s0-9]' : '\\s';
    const inner = new RegExp(`(?<=${before})${label}\\.`, 'i').exec(line);
    return inner ? { start: inner.index, end: inner.index + inner[0].length, quality: 0.9 } : null;
  }
  const cjk = /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]/.test(label);
  const spaced = label.replace(/ /g, '\\s*');
  const exact = new RegExp(spaced.replace(/[.*+?^${}()|[\]]/g, (c) => (c === '*' ? c : `\\${c}`)));
  let from = 0;
  for (;;) {
    const m = exact.exec(line.slice(from));
    if (!m) break;
    const start = from + m.index;
    const end = start + m[0].length;
    if (cjk || (!isWordChar(line[start - 1]) && !isWordChar(line[end]))) return { start, end, quality: 1 };
    from = start + 1;
  }
  if (cjk || label.length < 6) return null;
  return fuzzyFind(line, label);
}

/** A window of the line within one edit of the label, on word boundaries. */
function fuzzyFind(line: string, label: string): LabelHit | null {
  const compactLabel = label.replace(/ /g, '');
  for (let start = 0; start < line.length; start++) {
    if (isWordChar(line[start - 1]) || !isWordChar(line[start])) continue;
    for (const extra of [0, -1, 1, 2]) {
      // Windows are compared without spaces (the recogniser drops or adds them).
      let end = start;
      let letters = 0;
      while (end < line.length && letters < compactLabel.length + extra) {
        if (line[end] !== ' ') letters++;
        end++;
      }
      if (letters !== compactLabel.length + extra || isWordChar(line[end])) continue;
      const window = line.slice(start, end).replace(/ /g, '');
      if (editDistanceAtMost1(window, compactLabel)) return { start, end, quality: 0.8 };
    }
  }
  return null;
}

function editDistanceAtMost1(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
