import type { SubfileDesignator } from './types.js';

// The AAMVA file header:
//   '@' <element separator> <record separator> <segment terminator> 'ANSI ' IIN(6) version(2)
//   [jurisdiction version(2), from version 02 on] entries(2) then <entries> subfile designators of
//   type(2) offset(4) length(4).
// Real cards bend all of it: the three separators are missing or replaced by letters, DL/ID-2000 cards
// say 'AAMVA' instead of 'ANSI ', designators carry garbage. We accept what can be read and report
// the rest as warnings; offsets and lengths are kept but never trusted for slicing (they are often wrong).

export interface AamvaHeader {
  iin: string;
  versionNumber: number;
  jurisdictionVersion: number | null;
  declaredEntries: number;
  subfiles: SubfileDesignator[];
  /** The characters between '@' and the file type marker (nominally LF, RS, CR). */
  separators: string;
  /** Index in the text where the subfile data begins. */
  bodyStart: number;
  warnings: string[];
}

export type HeaderResult =
  | { ok: true; header: AamvaHeader }
  | { ok: false; error: 'NOT_AAMVA' | 'TRUNCATED_HEADER'; message: string };

const FILE_TYPE = /ANSI ?|AAMVA/;
const DESIGNATOR = /^[A-Z]{2}\d{8}/;
const MAX_SUBFILES = 16;

export function parseHeader(text: string): HeaderResult {
  const warnings: string[] = [];
  const at = text.slice(0, 8).indexOf('@');
  const searchFrom = at >= 0 ? at + 1 : 0;
  const window = text.slice(searchFrom, searchFrom + 24);
  const marker = FILE_TYPE.exec(window);
  if (!marker) {
    return {
      ok: false,
      error: 'NOT_AAMVA',
      message: 'no AAMVA file header (ANSI/AAMVA marker) at the start',
    };
  }
  if (at < 0) warnings.push('compliance indicator "@" missing');
  const separators = window.slice(0, marker.index);
  if (separators.length !== 3)
    warnings.push(`header has ${separators.length} separator characters, expected 3`);

  let pos = searchFrom + marker.index + marker[0].length;
  const fixed = text.slice(pos, pos + 8);
  if (!/^\d{8}$/.test(fixed)) {
    return /^\d*$/.test(fixed)
      ? { ok: false, error: 'TRUNCATED_HEADER', message: 'payload ends inside the AAMVA header' }
      : {
          ok: false,
          error: 'NOT_AAMVA',
          message: 'AAMVA marker not followed by an issuer number and version',
        };
  }
  const iin = fixed.slice(0, 6);
  const versionNumber = Number(fixed.slice(6, 8));
  pos += 8;

  // From version 02 a jurisdiction version precedes the entry count. Cards do not always follow their
  // declared version, so take whichever layout is followed by a well-formed designator.
  const layouts = versionNumber >= 2 ? [true, false] : [false, true];
  let chosen: { jurisdictionVersion: number | null; entries: number; next: number } | null = null;
  for (const hasJurisdictionVersion of layouts) {
    const countAt = hasJurisdictionVersion ? pos + 2 : pos;
    const jv = text.slice(pos, pos + 2);
    const count = text.slice(countAt, countAt + 2);
    if (!/^\d\d$/.test(count) || (hasJurisdictionVersion && !/^\d\d$/.test(jv))) continue;
    const candidate = {
      jurisdictionVersion: hasJurisdictionVersion ? Number(jv) : null,
      entries: Number(count),
      next: countAt + 2,
    };
    if (DESIGNATOR.test(text.slice(candidate.next, candidate.next + 10))) {
      chosen = candidate;
      break;
    }
    chosen ??= candidate;
  }
  if (!chosen) {
    return { ok: false, error: 'TRUNCATED_HEADER', message: 'payload ends before the subfile count' };
  }
  if (versionNumber >= 2 && chosen.jurisdictionVersion === null) {
    warnings.push(`version ${versionNumber} header without a jurisdiction version`);
  }

  const subfiles: SubfileDesignator[] = [];
  pos = chosen.next;
  while (subfiles.length < MAX_SUBFILES && DESIGNATOR.test(text.slice(pos, pos + 10))) {
    subfiles.push({
      type: text.slice(pos, pos + 2),
      offset: Number(text.slice(pos + 2, pos + 6)),
      length: Number(text.slice(pos + 6, pos + 10)),
    });
    pos += 10;
  }
  if (subfiles.length === 0 && pos >= text.length) {
    return {
      ok: false,
      error: 'TRUNCATED_HEADER',
      message: 'payload ends before the first subfile designator',
    };
  }
  if (subfiles.length !== chosen.entries) {
    warnings.push(`header declares ${chosen.entries} subfiles, ${subfiles.length} designators readable`);
  }

  return {
    ok: true,
    header: {
      iin,
      versionNumber,
      jurisdictionVersion: chosen.jurisdictionVersion,
      declaredEntries: chosen.entries,
      subfiles,
      separators,
      bodyStart: pos,
      warnings,
    },
  };
}
