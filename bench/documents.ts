// Document analysis benchmarks: the full pipeline (decode, MRZ, both pages read, barcode, classification,
// fields, checks) of two-sided cards and a passport page, in one process with warm models, as an engine
// worker runs it, with the caller's requested document as the API passes it. Wall time and CPU time (all
// threads of the process; the load-independent figure on a shared machine) per document; and field
// accuracy on synthetic documents of every model.
// Run: `npm run bench -- --only documents`, or `node dist/bench/documents.js [--json] [--no-accuracy]`.
import { fileURLToPath } from 'node:url';
import { documentModels, modelById } from '../src/engine/documents/catalogue.js';
import type { IdType } from '../src/engine/documents/types.js';
import { configureOcrRuntime } from '../src/engine/ocr/sessions.js';
import { analyzeDocument, releaseEngine } from '../src/engine/pipeline.js';
import { documentsSummaryRows, scoreSyntheticDocuments } from '../src/eval/documents-score.js';
import { renderSyntheticDocument } from '../src/fixtures/documents/render.js';
import { recordOf, syntheticDocuments } from '../src/fixtures/documents/write-set.js';
import { seededRandom } from '../src/fixtures/random.js';

export interface DocumentsBenchResult {
  /** Per card kind: p50 / p95 wall ms of one full analysis (warm), and p50 CPU ms. */
  readonly latency: { label: string; runs: number; p50: number; p95: number; cpuP50: number }[];
  readonly accuracy: { fields: number; right: number; share: number } | null;
  /** Documents sent with a request they are not (another country, or another type): how many were refused. */
  readonly wrongRequests: WrongRequestScore | null;
  readonly ocrThreads: number;
  readonly peakRssMb: number;
}

const quantile = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
};

const KINDS: [string, string][] = [
  ['ID card, TD1 MRZ on the back (DEU)', 'DEU.government_id.2010'],
  ['US driver licence, PDF417 back', 'USA.drivers_license.AAMVA'],
  ['passport data page (TD3)', 'ICAO.passport.TD3'],
];

export async function runDocumentsBench(
  options: { runs?: number; accuracy?: boolean } = {},
): Promise<DocumentsBenchResult> {
  const threads = Number(process.env.OPENKYC_OCR_THREADS) || 2;
  configureOcrRuntime({ threads });
  const runs = options.runs ?? 5;
  const latency: DocumentsBenchResult['latency'] = [];
  for (const [label, id] of KINDS) {
    const model = modelById(id)!;
    const docs = await Promise.all(
      Array.from({ length: runs + 1 }, (_, k) => renderSyntheticDocument(model, seededRandom(500 + k))),
    );
    const times: number[] = [];
    const cpu: number[] = [];
    for (const [k, doc] of docs.entries()) {
      const started = performance.now();
      const usage = process.cpuUsage();
      await analyzeDocument(doc.front.image, {
        ...(doc.back ? { back: doc.back.image } : {}),
        requested: { country: model.country === '*' ? 'UTO' : model.country, idType: model.idType },
      });
      const used = process.cpuUsage(usage);
      // The first run loads the models.
      if (k > 0) {
        times.push(performance.now() - started);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    latency.push({
      label,
      runs,
      p50: quantile(times, 0.5),
      p95: quantile(times, 0.95),
      cpuP50: quantile(cpu, 0.5),
    });
  }
  let accuracy: DocumentsBenchResult['accuracy'] = null;
  if (options.accuracy ?? true) {
    const score = await scoreSyntheticDocuments({ perModel: 1, seed: 3 });
    for (const row of documentsSummaryRows(score)) process.stderr.write(`${row.join('\t')}\n`);
    accuracy = { fields: score.fields, right: score.bothRight, share: Math.round(score.share * 1000) / 1000 };
  }
  const wrongRequests = (options.accuracy ?? true) ? await scoreWrongRequests(3) : null;
  await releaseEngine();
  for (const missed of [...(wrongRequests?.country.missed ?? []), ...(wrongRequests?.type.missed ?? [])])
    process.stderr.write(`wrong request not refused: ${missed}\n`);
  return {
    latency,
    accuracy,
    wrongRequests,
    ocrThreads: threads,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export interface WrongRequestScore {
  readonly country: {
    readonly documents: number;
    readonly refused: number;
    readonly missed: readonly string[];
  };
  readonly type: { readonly documents: number; readonly refused: number; readonly missed: readonly string[] };
}

/** Another type of the same country: ID card <-> driver licence, a passport page as an ID card. */
const otherType: Readonly<Partial<Record<IdType, IdType>>> = {
  government_id: 'drivers_license',
  drivers_license: 'government_id',
  residence_permit: 'drivers_license',
  passport: 'government_id',
};

/**
 * One document of every model sent twice with a request it does not answer: another country's document
 * of the same type, and the same country's document of another type. Refused = the front or the back is
 * reported as not that document (the Recognition API's 1011/1012).
 */
async function scoreWrongRequests(seed: number): Promise<WrongRequestScore> {
  const countries = [...new Set(documentModels.map((m) => m.country).filter((c) => c !== '*'))];
  const country = { documents: 0, refused: 0, missed: [] as string[] };
  const type = { documents: 0, refused: 0, missed: [] as string[] };
  for await (const { doc } of syntheticDocuments({ perModel: 1, seed })) {
    const truth = recordOf(doc, 'front', doc.back ? 'back' : undefined).document;
    const idType = doc.model.idType;
    const k = countries.indexOf(truth.country);
    const wrongCountry = countries[(k + 1) % countries.length]!;
    const requests: [typeof country, { country: string; idType: IdType }][] = [
      [country, { country: wrongCountry === truth.country ? 'DEU' : wrongCountry, idType }],
    ];
    const other = otherType[idType];
    if (other) requests.push([type, { country: truth.country, idType: other }]);
    for (const [tally, requested] of requests) {
      const report = await analyzeDocument(doc.front.image, {
        ...(doc.back ? { back: doc.back.image } : {}),
        requested,
      });
      const recognised = report.recognition?.recognised;
      tally.documents++;
      if (recognised && (!recognised.front || recognised.back === false)) tally.refused++;
      else tally.missed.push(`${doc.model.id} as ${requested.country} ${requested.idType}`);
    }
  }
  return { country, type };
}

export function documentsBenchRows(r: DocumentsBenchResult): [string, string][] {
  return [
    ...r.latency.map((l): [string, string] => [
      `analysis: ${l.label}`,
      `p50 ${l.p50} ms, p95 ${l.p95} ms, CPU p50 ${l.cpuP50} ms (${l.runs} runs)`,
    ]),
    ...(r.accuracy
      ? [
          [
            'synthetic documents, every model: fields right (value + box)',
            `${r.accuracy.right}/${r.accuracy.fields} (${(100 * r.accuracy.share).toFixed(1)}%)`,
          ] as [string, string],
        ]
      : []),
    ...(r.wrongRequests
      ? ([
          [
            "wrong request refused (1011/1012): another country's document",
            `${r.wrongRequests.country.refused}/${r.wrongRequests.country.documents}`,
          ],
          [
            'wrong request refused (1011/1012): another type of document',
            `${r.wrongRequests.type.refused}/${r.wrongRequests.type.documents}`,
          ],
        ] as [string, string][])
      : []),
    ['OCR threads', String(r.ocrThreads)],
    ['peak RSS', `${r.peakRssMb} MB`],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes('--json');
  const result = await runDocumentsBench({ accuracy: !process.argv.includes('--no-accuracy') });
  if (json) console.log(JSON.stringify(result));
  else for (const [k, v] of documentsBenchRows(result)) console.log(`${k.padEnd(64)} ${v}`);
}
