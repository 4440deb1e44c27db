// `npm run bench [-- --json] [-- --only mrz,barcode]`: runs every registered benchmark, each in its own
// process (so that its peak RSS is its own), and prints one table or one JSON object keyed by bench name.
// A bench is registered by one entry below: its name, how to run it, and how to tabulate its result.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface BenchModule {
  readonly name: string;
  run(): Promise<unknown>;
  rows(result: unknown): Promise<[string, string][]>;
  /** Why the bench cannot run here, or null. */
  unavailable?(): Promise<string | null>;
}

// Each entry imports its module only when used, so that a bench that is not run does not load its engine.
const benches: BenchModule[] = [
  {
    name: 'mrz',
    run: async () => (await import('./mrz.js')).runMrzBench(),
    rows: async (r) => (await import('./mrz.js')).mrzBenchRows(r as never),
    unavailable: async () =>
      (await import('./mrz.js')).mrzBenchAvailable() ? null : 'needs ../shared/data/mrz-synth',
  },
  {
    name: 'documents',
    run: async () => (await import('./documents.js')).runDocumentsBench(),
    rows: async (r) => (await import('./documents.js')).documentsBenchRows(r as never),
  },
  {
    name: 'barcode',
    run: async () => (await import('./barcode.js')).runBarcodeBench(),
    rows: async (r) => (await import('./barcode.js')).barcodeBenchRows(r as never),
  },
  {
    name: 'face',
    run: async () => (await import('./face.js')).runFaceBench(),
    rows: async (r) => (await import('./face.js')).faceBenchRows(r as never),
  },
];

function runChild(name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`bench ${name} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? 'null'));
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const child = args.indexOf('--child');
  if (child >= 0) {
    const bench = benches.find((b) => b.name === args[child + 1]);
    if (!bench) throw new Error(`unknown bench ${args[child + 1]}`);
    process.stdout.write(`${JSON.stringify(await bench.run())}\n`);
    return;
  }
  const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : null;
  const selected = benches.filter((b) => !only || only.includes(b.name));
  const results: Record<string, unknown> = {};
  for (const bench of selected) {
    const reason = (await bench.unavailable?.()) ?? null;
    if (reason) {
      results[bench.name] = { skipped: reason };
      process.stderr.write(`bench ${bench.name}: skipped (${reason})\n`);
      continue;
    }
    process.stderr.write(`bench ${bench.name}: running\n`);
    results[bench.name] = await runChild(bench.name);
  }
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
    return;
  }
  for (const bench of selected) {
    const result = results[bench.name] as { skipped?: string } | undefined;
    process.stdout.write(`\n[${bench.name}]\n`);
    const rows = result?.skipped
      ? [['skipped', result.skipped] as [string, string]]
      : await bench.rows(result);
    for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(72)} ${v}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
