import type { AamvaElement } from './types.js';

// Splits the subfile data after the header into data elements.
//
// Elements are normally separated by LF and subfiles closed by CR, but cards use CR LF, RS, '|' or
// letters (a mangled 'M' as segment terminator), omit the subfile type before the first element, or
// run the next subfile straight on after a value. A subfile starts with its type followed by its
// first element id: 'DL' + 'DAQ...', 'ID' + 'DCS...', 'ZT' + 'ZTA...'. That pattern is specific
// enough to find even when no separator precedes it, provided each subfile is entered once.

export interface Tokenized {
  elements: AamvaElement[];
  jurisdictionElements: AamvaElement[];
  unparsed: string[];
  /** The last element ran to the end of the payload with no separator after it. */
  endsWithoutSeparator: boolean;
}

const CONTROL_SEPARATORS = '\n\r\u001c\u001d\u001e';

export function tokenizeBody(body: string, declaredTypes: string[], headerSeparators: string): Tokenized {
  const separatorChars = new Set(CONTROL_SEPARATORS);
  for (const ch of headerSeparators) if (ch === '|' || ch < ' ') separatorChars.add(ch);
  // A letter in the terminator position of the header ('@\n6M') is a mangled CR that then also ends
  // each subfile; strip it where a subfile ends.
  const terminator =
    headerSeparators.length === 3 && /[A-Za-z0-9]/.test(headerSeparators[2]!) ? headerSeparators[2]! : null;

  const standardTypes = new Set(['DL', 'ID', ...declaredTypes.filter((t) => !t.startsWith('Z'))]);
  const entered = new Set<string>();
  const elements: AamvaElement[] = [];
  const jurisdictionElements: AamvaElement[] = [];
  const unparsed: string[] = [];
  let sawStandardElement = false;

  const subfileStartAt = (piece: string, i: number): string | null => {
    const type = piece.slice(i, i + 2);
    if (entered.has(type)) return null;
    const rest = piece.slice(i + 2, i + 5);
    if (type.startsWith('Z'))
      return /^[A-Z]$/.test(type[1] ?? '') && rest.startsWith(type) && /^[A-Z]$/.test(rest[2] ?? '')
        ? type
        : null;
    if (!standardTypes.has(type) || sawStandardElement) return null;
    return /^D[A-Z]{2}$/.test(rest) ? type : null;
  };

  const pieces = splitOn(body, separatorChars);
  const endsWithoutSeparator = body.length > 0 && !separatorChars.has(body[body.length - 1]!);
  for (let p = 0; p < pieces.length; p++) {
    let piece = pieces[p]!;
    if (p === pieces.length - 1 && terminator && piece.endsWith(terminator)) piece = piece.slice(0, -1);
    // Cut the piece wherever a new subfile begins inside it.
    const parts: string[] = [];
    let from = 0;
    for (let i = 1; i + 5 <= piece.length; i++) {
      if (!subfileStartAt(piece, i)) continue;
      let left = piece.slice(from, i);
      if (terminator && left.endsWith(terminator)) left = left.slice(0, -1);
      parts.push(left);
      from = i;
    }
    parts.push(piece.slice(from));

    for (let part of parts) {
      const type = part.length >= 5 ? subfileStartAt(part, 0) : null;
      if (type) {
        entered.add(type);
        part = part.slice(2);
      } else if (part.length === 2 && declaredTypes.includes(part)) {
        entered.add(part);
        continue; // an empty subfile
      }
      if (part.trim() === '') continue;
      if (!/^[A-Z]{3}/.test(part)) {
        unparsed.push(part);
        continue;
      }
      const element = { id: part.slice(0, 3), value: part.slice(3) };
      if (element.id.startsWith('Z')) jurisdictionElements.push(element);
      else {
        elements.push(element);
        sawStandardElement = true;
      }
    }
  }
  return { elements, jurisdictionElements, unparsed, endsWithoutSeparator };
}

function splitOn(text: string, separators: Set<string>): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of text) {
    if (separators.has(ch)) {
      if (current !== '') out.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') out.push(current);
  return out;
}
