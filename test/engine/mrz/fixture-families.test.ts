// Generated documents (src/fixtures) of every ICAO format in every variant family, read end to end.
// The per-family floors are the engine's measured state, not the goal (>= 98% per family): see the
// README's MRZ section for the full-size run (`openkyc fixtures` + `openkyc eval`). Negatives must never
// produce an MRZ. The time limit is generous because the shared 2-core machine is often loaded 3x over.
import { describe, expect, it } from 'vitest';
import { configureOcrRuntime } from '../../../src/engine/ocr/sessions.js';
import { analyzeDocument } from '../../../src/engine/pipeline.js';
import { generateFixtures } from '../../../src/fixtures/generate.js';
import type { VariantFamily } from '../../../src/fixtures/scene.js';

/** Minimum exact documents out of the five formats, per family (measured on 20 per family: see README). */
const floors: Record<VariantFamily, number> = {
  clean: 4,
  rot90: 4,
  rot180: 4,
  rot270: 4,
  tilt: 4,
  perspective: 4,
  jpeg40: 4,
  lowres: 4,
  blur: 4,
  glare: 4,
  small: 4,
  mirrored: 4,
};

describe('MRZ on generated fixtures', () => {
  it('reads every format in every variant family and invents nothing on documents without an MRZ', async () => {
    configureOcrRuntime({ threads: 2 });
    const exact = new Map<VariantFamily, number>();
    const falseMrz: string[] = [];
    const rotations: string[] = [];
    const mirrored: string[] = [];
    for await (const { record, bytes } of generateFixtures({
      seed: 20261124,
      perCell: 1,
      negativesPerFamily: 1,
    })) {
      // The MRZ stage alone: the page reading of the document stage is not what this file measures.
      const report = await analyzeDocument(bytes, { documentStage: false });
      if (record.mrz_lines === null) {
        if (report.mrz) falseMrz.push(record.file);
        continue;
      }
      const ok = JSON.stringify(report.mrz?.lines) === JSON.stringify(record.mrz_lines);
      if (ok) {
        exact.set(record.variant, (exact.get(record.variant) ?? 0) + 1);
        if (report.rotation !== record.rotation) rotations.push(`${record.file}: ${report.rotation}`);
        if (report.mirrored !== record.mirrored) mirrored.push(record.file);
      }
    }
    const table = Object.keys(floors)
      .map((family) => `${family} ${exact.get(family as VariantFamily) ?? 0}/5`)
      .join(', ');
    process.stderr.write(`MRZ fixture families: ${table}\n`);
    expect(falseMrz).toEqual([]);
    expect(rotations).toEqual([]);
    expect(mirrored).toEqual([]);
    for (const [family, floor] of Object.entries(floors)) {
      expect(exact.get(family as VariantFamily) ?? 0, family).toBeGreaterThanOrEqual(floor);
    }
  }, 480_000);
});
