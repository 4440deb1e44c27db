import { decodeWithEci, type EciSegment, splitEciStream } from './eci.js';
import type { Pdf417Barcode, Pdf417Symbol } from './types.js';

// Structured append: one payload spread over several PDF417 symbols that share a file id and carry
// their position in the sequence. The symbols may come from one image or several captures; we order
// them, drop duplicates (the same symbol read twice) and join their content.

const ISO_8859_1 = 3;

export function mergeStructuredAppend(symbols: Pdf417Symbol[]): Pdf417Barcode[] {
  const barcodes: Pdf417Barcode[] = [];
  const groups = new Map<string, Pdf417Symbol[]>();
  for (const symbol of symbols) {
    if (!symbol.sequence || symbol.sequence.size <= 1) {
      barcodes.push({
        bytes: symbol.bytes,
        text: symbol.text,
        quad: symbol.quad,
        symbolCount: 1,
        sequenceId: symbol.sequence?.id ?? null,
        complete: true,
      });
      continue;
    }
    // Encoders often leave the file id at its default, so the sequence size is part of the key.
    const key = `${symbol.sequence.id}/${symbol.sequence.size}`;
    const group = groups.get(key) ?? [];
    group.push(symbol);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const byIndex = new Map<number, Pdf417Symbol>();
    for (const s of group) if (!byIndex.has(s.sequence!.index)) byIndex.set(s.sequence!.index, s);
    const ordered = [...byIndex.values()].sort((a, b) => a.sequence!.index - b.sequence!.index);
    const { id, size } = group[0]!.sequence!;
    const complete = ordered.length === size && ordered.every((s, i) => s.sequence!.index === i);
    barcodes.push({
      bytes: concat(ordered.map((s) => s.bytes)),
      text: mergedText(ordered),
      quad: ordered[0]!.quad,
      symbolCount: ordered.length,
      sequenceId: id,
      complete,
    });
  }
  return barcodes;
}

function mergedText(ordered: Pdf417Symbol[]): string {
  if (!ordered.some((s) => s.hasEci)) return decodeWithEci(concat(ordered.map((s) => s.bytes)), null);
  // Join the ECI segments of all symbols; a symbol that does not open with its own designator goes on
  // in the character set the previous one ended with. zxing-cpp opens such a symbol with an explicit
  // ISO-8859-1 designator, which therefore reads as "no designator" after the first symbol.
  const segments: EciSegment[] = [];
  ordered.forEach((symbol, position) => {
    const own = symbol.hasEci ? splitEciStream(symbol.eciStream) : [{ eci: null, bytes: [...symbol.bytes] }];
    own.forEach((segment, i) => {
      const opensSymbol = i === 0 || (i === 1 && own[0]!.bytes.length === 0);
      const inherits = position > 0 && opensSymbol && (segment.eci === null || segment.eci === ISO_8859_1);
      const last = segments[segments.length - 1];
      if (inherits && last) last.bytes.push(...segment.bytes);
      else segments.push({ eci: segment.eci, bytes: [...segment.bytes] });
    });
  });
  return segments.map((s) => decodeWithEci(Uint8Array.from(s.bytes), s.eci ?? ISO_8859_1)).join('');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
