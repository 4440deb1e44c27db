import { describe, expect, it } from 'vitest';
import { FaceEmbeddingIndex } from '../../../src/engine/face/embedding-index.js';
import { rawScore } from '../../../src/engine/face/similarity.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

/** Identity centres plus per-capture noise, like real embeddings. */
function clustered(
  dims: number,
  people: number,
  perPerson: number,
  seed: number,
): { id: string; v: Float32Array }[] {
  const r = random(seed);
  const out: { id: string; v: Float32Array }[] = [];
  for (let p = 0; p < people; p++) {
    const centre = Float32Array.from({ length: dims }, () => r() * 0.3);
    for (let k = 0; k < perPerson; k++) out.push({ id: `p${p}-${k}`, v: centre.map((x) => x + r() * 0.05) });
  }
  return out;
}

describe('FaceEmbeddingIndex', () => {
  for (const [dims, metric] of [
    [128, 'euclidean'],
    [512, 'cosine'],
  ] as const) {
    it(`finds the same neighbours as a full scan (${dims}-d, ${metric})`, () => {
      const data = clustered(dims, 400, 3, dims);
      const index = new FaceEmbeddingIndex(dims, metric, 16);
      for (const { id, v } of data) index.add(id, v);
      expect(index.size).toBe(data.length);
      const r = random(7);
      for (let q = 0; q < 20; q++) {
        const target = data[Math.floor((r() + 0.5) * data.length)]!;
        const query = target.v.map((x) => x + r() * 0.02);
        const better = (a: number, b: number): number => (metric === 'cosine' ? b - a : a - b);
        const expected = data
          .map(({ id, v }) => ({ id, raw: rawScore(query, v, metric) }))
          .sort((a, b) => better(a.raw, b.raw))
          .slice(0, 3);
        const hits = index.search(query, 3);
        expect(hits.map((h) => h.id)).toEqual(expected.map((e) => e.id));
        hits.forEach((h, i) => {
          expect(h.raw).toBeCloseTo(expected[i]!.raw, 4);
        });
      }
    });
  }

  it('filters by threshold, replaces and removes entries', () => {
    const index = new FaceEmbeddingIndex(4, 'euclidean');
    index.add('a', Float32Array.from([0, 0, 0, 0]));
    index.add('b', Float32Array.from([1, 0, 0, 0]));
    index.add('c', Float32Array.from([0, 3, 0, 0]));
    const q = Float32Array.from([0.1, 0, 0, 0]);
    expect(index.search(q, 5, 0.6).map((h) => h.id)).toEqual(['a']);
    index.add('a', Float32Array.from([5, 5, 5, 5]));
    expect(index.search(q, 1)[0]!.id).toBe('b');
    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    expect(index.size).toBe(2);
    expect(index.search(q, 5).map((h) => h.id)).toEqual(['c', 'a']);
    expect(() => index.add('x', new Float32Array(3))).toThrow(/4/);
  });
});
