// Load on the Submission API: a real `openkyc serve` in its own process (embedded database, or DATABASE_URL),
// 10,000 submissions created through POST /v3/submission/migration, then 50 concurrent clients doing GET
// (80%) and PATCH (20%) on random submissions for 60 s over keep-alive HTTP. Prints latency percentiles,
// throughput and the error count; `--json` prints one object.
//   npm run build && node dist/bench/submissions-load.js [--json] [--submissions N] [--clients N] [--seconds N]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const API_KEY = 'okk_BenchKey000000000000000000000000000000001';
const ADMIN = 'bench-admin@example.com';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface LoadResult {
  readonly database: 'pglite' | 'postgres';
  readonly submissions: number;
  readonly seedSeconds: number;
  readonly clients: number;
  readonly seconds: number;
  readonly requests: number;
  readonly errors: number;
  /** Each distinct failure (status and start of the body, or the network error) and how often. */
  readonly failures: Record<string, number>;
  readonly requestsPerSecond: number;
  readonly get: { count: number; p50: number; p95: number; p99: number; max: number };
  readonly patch: { count: number; p50: number; p95: number; p99: number; max: number };
}

export async function runSubmissionsLoad(
  options: { submissions?: number; clients?: number; seconds?: number } = {},
): Promise<LoadResult> {
  const submissions = options.submissions ?? 10_000;
  const clients = options.clients ?? 50;
  const seconds = options.seconds ?? 60;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkyc-load-'));
  const port = await freePort();
  const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
  const server = spawn(process.execPath, [cli, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      OPENKYC_DATA_DIR: dataDir,
      OPENKYC_API_KEY: API_KEY,
      OPENKYC_ADMIN_EMAIL: ADMIN,
      OPENKYC_ADMIN_PASSWORD: 'bench password 123456',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {}
      if (i > 600) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const headers = { 'x-api-key': API_KEY, 'content-type': 'application/json' };
    const ids: string[] = [];
    const seedStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < submissions) {
          const n = next++;
          const response = await fetch(`${base}/v3/submission/migration`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              admin: ADMIN,
              email: `load-${n}@example.com`,
              fullName: `LOAD PERSON ${n}`,
              birthDate: '1985-06-15',
              kycStatus: n % 3 ? 'approved' : 'rejected',
              idType: 'passport',
              issuingCountry: 'UTO',
              gender: n % 2 ? 'male' : 'female',
              nationality: 'UTO',
              userid: `u${n}`,
            }),
          });
          const body = (await response.json()) as { submissionId?: string };
          if (!response.ok || !body.submissionId) throw new Error(`seeding failed: ${JSON.stringify(body)}`);
          ids.push(body.submissionId);
        }
      }),
    );
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const getTimes: number[] = [];
    const patchTimes: number[] = [];
    let errors = 0;
    const failures = new Map<string, number>();
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        let k = client;
        while (performance.now() < until) {
          const id = ids[Math.floor(Math.random() * ids.length)]!;
          const patch = k++ % 5 === 0;
          const started = performance.now();
          try {
            const response = patch
              ? await fetch(`${base}/v3/submission`, {
                  method: 'PATCH',
                  headers,
                  body: JSON.stringify({ submissionId: id, admin: ADMIN, data: { documentNumber: `D${k}` } }),
                })
              : await fetch(`${base}/v3/submission?submission_id=${id}`, { headers });
            const text = await response.text();
            if (response.status !== 200) {
              errors++;
              const what = `${response.status} ${text.slice(0, 120)}`;
              failures.set(what, (failures.get(what) ?? 0) + 1);
            }
          } catch (error) {
            errors++;
            const what = String(error);
            failures.set(what, (failures.get(what) ?? 0) + 1);
          }
          (patch ? patchTimes : getTimes).push(performance.now() - started);
        }
      }),
    );
    const stats = (times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      const round = (v: number) => Math.round(v * 10) / 10;
      return {
        count: times.length,
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? 0),
      };
    };
    const requests = getTimes.length + patchTimes.length;
    return {
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      submissions,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      clients,
      seconds,
      requests,
      errors,
      failures: Object.fromEntries(failures),
      requestsPerSecond: Math.round(requests / seconds),
      get: stats(getTimes),
      patch: stats(patchTimes),
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function submissionsLoadRows(result: LoadResult): [string, string][] {
  return [
    ['database', result.database],
    ['submissions seeded (migration API)', `${result.submissions} in ${result.seedSeconds} s`],
    ['load', `${result.clients} clients, ${result.seconds} s, 80% GET / 20% PATCH`],
    ['requests / errors', `${result.requests} / ${result.errors}`],
    ['throughput', `${result.requestsPerSecond} req/s`],
    ...Object.entries(result.failures).map(([what, count]): [string, string] => [
      'failure',
      `${count} x ${what}`,
    ]),
    [
      'GET p50 / p95 / p99 / max',
      `${result.get.p50} / ${result.get.p95} / ${result.get.p99} / ${result.get.max} ms`,
    ],
    [
      'PATCH p50 / p95 / p99 / max',
      `${result.patch.p50} / ${result.patch.p95} / ${result.patch.p99} / ${result.patch.max} ms`,
    ],
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await runSubmissionsLoad({
    submissions: option('submissions', 10_000),
    clients: option('clients', 50),
    seconds: option('seconds', 60),
  });
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    for (const [name, value] of submissionsLoadRows(result))
      process.stdout.write(`${name.padEnd(36)} ${value}\n`);
  if (result.errors > 0) process.exitCode = 1;
}
