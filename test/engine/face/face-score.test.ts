import { describe, expect, it } from 'vitest';
import { hasFacePairs, rocFigures, scoreFacePairs } from '../../../src/eval/face-score.js';

describe('face verification scoring', () => {
  it('scores a perfectly separated set', () => {
    const pairs = [
      ...Array.from({ length: 10 }, (_, i) => ({ same: true, similarity: 0.8 + i * 0.01, match: true })),
      ...Array.from({ length: 1000 }, (_, i) => ({ same: false, similarity: i / 2000, match: false })),
    ];
    const s = scoreFacePairs(pairs);
    expect(s.accuracy).toBe(1);
    expect(s.eer).toBe(0);
    expect(s.tarAtFar1).toBe(1);
    expect(s.tarAtFar01).toBe(1);
  });

  it('measures overlap: EER and TAR at low FAR', () => {
    // 100 genuine at 0.50..0.99, 1000 impostors at 0.000..0.999: the top 1% of impostors reach 0.990
    const genuine = Array.from({ length: 100 }, (_, i) => ({
      same: true,
      similarity: 0.5 + i * 0.005,
      match: true,
    }));
    const impostor = Array.from({ length: 1000 }, (_, i) => ({
      same: false,
      similarity: i / 1000,
      match: i >= 700,
    }));
    const s = scoreFacePairs([...genuine, ...impostor]);
    const roc = rocFigures([...genuine, ...impostor]);
    expect(roc.tarAtFar1).toBeCloseTo(0.0, 1);
    // FAR(t) = 1 - t and FRR(t) = 2t - 1 cross at t = 2/3
    expect(s.eer).toBeCloseTo(1 / 3, 2);
    expect(s.falseMatchRate).toBeCloseTo(0.3, 5);
    expect(s.accuracy).toBeCloseTo((100 + 700) / 1100, 5);
  });

  it('recognises gt.json files with pairs', () => {
    expect(hasFacePairs({ pairs: [{ file_a: 'a', file_b: 'b', label: 'same' }] })).toBe(true);
    expect(hasFacePairs({ records: [] })).toBe(false);
    expect(hasFacePairs(null)).toBe(false);
  });
});
