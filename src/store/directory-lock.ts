import fs from 'node:fs';

export interface DirectoryLock {
  release(): void;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock file holding this process id. A lock left by a dead process (kill -9, crash) is
 * taken over; a lock held by a live process is an error that names it.
 */
export function acquireDirectoryLock(lockPath: string, what: string): DirectoryLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && processIsAlive(owner)) {
        throw new Error(
          `the ${what} is in use by process ${owner} (lock ${lockPath}); stop that process first, or use a PostgreSQL DATABASE_URL to share the data between processes`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`cannot lock ${lockPath}`);
}
