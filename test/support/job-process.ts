// A process that opens openkyc's real storage and job queue, as the server does. Used by the kill -9 test:
//   send <file>  enqueue a job that writes <file>, due in 2 s, then wait to be killed
//   work         run that queue's worker until the job has run, then exit 0
import fs from 'node:fs';
import { openApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';

const [mode, file] = process.argv.slice(2);
const config = loadConfig(process.env);
const app = await openApp(config, createLogger({ level: 'warn', destination: 'stderr' }));
await app.jobs.createQueue('test.durable');
if (mode === 'send') {
  const id = await app.jobs.send('test.durable', { file }, { startAfter: 2 });
  process.stdout.write(`queued ${id}\n`);
  setInterval(() => {}, 1_000);
} else {
  await app.jobs.work<{ file: string }>('test.durable', {}, async (job) => {
    fs.writeFileSync(job.data.file, job.id);
    setTimeout(() => void app.close().then(() => process.exit(0)), 100);
  });
  setTimeout(() => process.exit(3), 30_000);
}
