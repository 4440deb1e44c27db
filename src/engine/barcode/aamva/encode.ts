// Writes an AAMVA DL/ID payload (header with correct subfile offsets and lengths, then the subfiles).
// Used to make our own test and benchmark fixtures; the reading path never calls it.

export interface AamvaSubfileInput {
  /** 'DL', 'ID', or a jurisdiction subfile type such as 'ZT'. */
  type: string;
  /** [element id, value] in order, e.g. ['DCS', 'SMITH']. */
  elements: [string, string][];
}

export interface AamvaPayloadInput {
  iin: string;
  versionNumber: number;
  /** Written from version 02 on (default 0). */
  jurisdictionVersion?: number;
  subfiles: AamvaSubfileInput[];
  /** Defaults to the standard LF, RS, CR. */
  separators?: { element: string; record: string; segment: string };
  /** 'ANSI ' (default) or the 'AAMVA' some DL/ID-2000 cards use. */
  fileType?: 'ANSI ' | 'AAMVA';
}

export function encodeAamva(input: AamvaPayloadInput): string {
  const { element, record, segment } = input.separators ?? { element: '\n', record: '\u001e', segment: '\r' };
  if (!/^\d{6}$/.test(input.iin)) throw new RangeError(`IIN must be six digits, got "${input.iin}"`);
  if (!Number.isInteger(input.versionNumber) || input.versionNumber < 0 || input.versionNumber > 99) {
    throw new RangeError(`version number must be 0-99, got ${input.versionNumber}`);
  }
  const two = (n: number) => String(n).padStart(2, '0');
  const four = (n: number) => String(n).padStart(4, '0');

  const bodies = input.subfiles.map(
    (s) => s.type + s.elements.map(([id, value]) => id + value).join(element) + element + segment,
  );
  let fixed = `@${element}${record}${segment}${input.fileType ?? 'ANSI '}${input.iin}${two(input.versionNumber)}`;
  if (input.versionNumber >= 2) fixed += two(input.jurisdictionVersion ?? 0);
  fixed += two(input.subfiles.length);

  let offset = fixed.length + 10 * input.subfiles.length;
  const designators = input.subfiles.map((s, i) => {
    const body = bodies[i]!;
    const designator = `${s.type}${four(offset)}${four(body.length)}`;
    offset += body.length;
    return designator;
  });
  return fixed + designators.join('') + bodies.join('');
}
