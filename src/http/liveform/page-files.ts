import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the built capture page is: web/dist/liveform of the package, found from this module whether it runs
// compiled (dist/src/http/liveform) or from its TypeScript source (src/http/liveform).

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && /"name":\s*"openkyc"/.test(readFileSync(manifest, 'utf8'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the openkyc package root');
}

export const LIVEFORM_DIST = path.join(packageRoot(), 'web', 'dist', 'liveform');

/** The page's HTML, read once; undefined when the page was not built (`npm run build`). */
export function loadIndexHtml(): string | undefined {
  const file = path.join(LIVEFORM_DIST, 'index.html');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
