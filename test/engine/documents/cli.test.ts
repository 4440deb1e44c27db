// The document engine from the command line (the build; npm test builds first): `openkyc document-fixtures`
// writes a gt.json set that `openkyc eval` scores with the documents scorer, and `openkyc read --back`
// prints the document stage's result in the interface's keys.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli-process.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openkyc-documents-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('document fixtures, eval and read from the command line', () => {
  it('writes a document set with ground truth, and eval scores fields, boxes and classification', async () => {
    await runCli(
      [
        'document-fixtures',
        dir,
        '--per-model',
        '1',
        '--seed',
        '2',
        '--models',
        'DEU.government_id.2010,USA.drivers_license.AAMVA',
      ],
      process.env,
    );
    const gt = JSON.parse(await readFile(path.join(dir, 'gt.json'), 'utf8')) as {
      records: { file: string; back?: string; document: { type: string; country: string } }[];
    };
    expect(gt.records.map((r) => r.document)).toEqual([
      { type: 'government_id', country: 'DEU', model: 'DEU.government_id.2010' },
      { type: 'drivers_license', country: 'USA', model: 'USA.drivers_license.AAMVA' },
    ]);
    expect(gt.records.every((r) => r.back !== undefined)).toBe(true);

    const { stdout } = await runCli(['eval', dir, '--json', '--threads', '1'], process.env);
    const result = JSON.parse(stdout) as {
      records: number;
      reports: { kind: string; metrics: Record<string, number> }[];
    };
    expect(result.reports.map((r) => r.kind)).toEqual(['documents']);
    const metrics = result.reports[0]!.metrics;
    expect(metrics.documents).toBe(2);
    expect(metrics.documents_classified).toBe(2);
    expect(metrics.fields).toBeGreaterThanOrEqual(14);
    expect(metrics.field_accuracy).toBeGreaterThanOrEqual(0.9);
  }, 180_000);

  it('reads a two-sided card: MRZ, document, fields with their evidence, checks', async () => {
    const front = path.join(dir, 'DEU.government_id.2010', '0-front.jpg');
    const back = path.join(dir, 'DEU.government_id.2010', '0-back.jpg');
    const { stdout } = await runCli(['read', '--back', back, '--jsonl', front], process.env);
    const line = JSON.parse(stdout.trim()) as Record<string, unknown>;
    for (const key of ['file', 'ms', 'mrz', 'document', 'fields', 'checks']) expect(line).toHaveProperty(key);
    expect(line.file).toBe(front);
    expect(line.document).toEqual({ type: 'government_id', country: 'DEU' });
    expect(line.mrz).toMatchObject({ format: 'TD1', valid: true });
    const fields = line.fields as Record<string, { value: string; confidence: number; quad?: unknown }>;
    expect(fields.surname).toMatchObject({ source: expect.any(String), side: 'front' });
    expect(fields.surname?.quad).toHaveLength(4);
    expect(fields.documentNumber?.value).toMatch(/^[A-Z0-9]+$/);
    expect((line.checks as { id: string }[]).some((c) => c.id.startsWith('consistency.'))).toBe(true);
  }, 120_000);
});
