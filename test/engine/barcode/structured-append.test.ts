import { describe, expect, it } from 'vitest';
import type { Pdf417Symbol } from '../../../src/engine/barcode/index.js';
import { mergeStructuredAppend } from '../../../src/engine/barcode/index.js';

const quad = {
  topLeft: { x: 0, y: 0 },
  topRight: { x: 10, y: 0 },
  bottomRight: { x: 10, y: 5 },
  bottomLeft: { x: 0, y: 5 },
};

function symbol(
  bytes: number[],
  sequence: Pdf417Symbol['sequence'],
  eciStream?: string | number[],
): Pdf417Symbol {
  const stream =
    eciStream === undefined
      ? bytes
      : typeof eciStream === 'string'
        ? [...Buffer.from(eciStream, 'latin1')]
        : eciStream;
  return {
    bytes: Uint8Array.from(bytes),
    text: Buffer.from(bytes).toString('latin1'),
    eciStream: Uint8Array.from(stream),
    hasEci: eciStream !== undefined,
    quad,
    ecLevel: '25%',
    sequence,
  };
}

const ascii = (s: string) => [...Buffer.from(s, 'latin1')];

describe('mergeStructuredAppend', () => {
  it('orders, de-duplicates and joins the symbols of a sequence, whatever order they were read in', () => {
    const seq = (index: number) => ({ index, size: 3, id: '017' });
    const merged = mergeStructuredAppend([
      symbol(ascii('C'), seq(2)),
      symbol(ascii('A'), seq(0)),
      symbol(ascii('B'), seq(1)),
      symbol(ascii('A'), seq(0)),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ text: 'ABC', symbolCount: 3, sequenceId: '017', complete: true });
  });

  it('marks a sequence with symbols missing as incomplete', () => {
    const merged = mergeStructuredAppend([
      symbol(ascii('A'), { index: 0, size: 3, id: '9' }),
      symbol(ascii('C'), { index: 2, size: 3, id: '9' }),
    ]);
    expect(merged[0]).toMatchObject({ text: 'AC', complete: false, symbolCount: 2 });
  });

  it('keeps a one-symbol "sequence" apart from a longer one that shares its default file id', () => {
    const merged = mergeStructuredAppend([
      symbol(ascii('single'), { index: 0, size: 1, id: '0990' }),
      symbol(ascii('one'), { index: 0, size: 2, id: '0990' }),
      symbol(ascii('two'), { index: 1, size: 2, id: '0990' }),
    ]);
    expect(merged.map((b) => b.text)).toEqual(['single', 'onetwo']);
  });

  it('carries a character set chosen by ECI in one symbol on into the next', () => {
    // Symbol 1 ends in GB 2312 (ECI 29), symbol 2 starts in it and switches to ISO-8859-15 (ECI 17),
    // symbol 3 has no ECI and goes on in ISO-8859-15. zxing-cpp opens symbol 2 with ECI 3.
    const gbYen = [0xa3, 0xa4];
    const s1 = symbol(ascii('US:$1;CN:'), { index: 0, size: 3, id: '1' }, [
      ...ascii('\\000003US:$1;\\000029CN:'),
    ]);
    const s2 = symbol([...gbYen, ...ascii(' 2;DE:')], { index: 1, size: 3, id: '1' }, [
      ...ascii('\\000003'),
      ...gbYen,
      ...ascii(' 2;\\000017DE:'),
    ]);
    const s3 = symbol([...ascii('3 '), 0xa4, ...ascii(';')], { index: 2, size: 3, id: '1' });
    const merged = mergeStructuredAppend([s1, s2, s3]);
    expect(merged[0]?.text).toBe('US:$1;CN:\uFFE5 2;DE:3 \u20AC;');
  });

  it('keeps backslashes that are data, not ECI designators', () => {
    const s1 = symbol(ascii('a\\b'), { index: 0, size: 2, id: '2' }, ascii('\\000026a\\\\b'));
    const s2 = symbol(ascii('c'), { index: 1, size: 2, id: '2' });
    expect(mergeStructuredAppend([s1, s2])[0]?.text).toBe('a\\bc');
  });
});
