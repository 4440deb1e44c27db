// opencv-js is an Emscripten module that is itself a thenable: awaiting it, or returning it from an async
// function, makes the promise machinery call its `then` forever and the process hangs. So the module is
// only ever handed around inside a plain wrapper object, and callers use `opencv()` synchronously after
// `loadOpenCv()` has resolved.
import { createRequire } from 'node:module';
import type * as OpenCv from '@techstark/opencv-js';

export type Cv = typeof OpenCv;

interface Loaded {
  readonly cv: Cv;
}

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;

export function loadOpenCv(): Promise<Loaded> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= new Promise<Loaded>((resolve, reject) => {
    try {
      const require = createRequire(import.meta.url);
      // The Emscripten glue installs process-wide handlers that abort on any unhandled rejection and
      // rethrow uncaught exceptions with the whole 10 MB source attached; the host process keeps its own.
      const before = {
        uncaught: new Set(process.listeners('uncaughtException')),
        rejection: new Set(process.listeners('unhandledRejection')),
      };
      const module = require('@techstark/opencv-js') as Cv & { onRuntimeInitialized?: () => void };
      for (const listener of process.listeners('uncaughtException')) {
        if (!before.uncaught.has(listener)) process.removeListener('uncaughtException', listener);
      }
      for (const listener of process.listeners('unhandledRejection')) {
        if (!before.rejection.has(listener)) process.removeListener('unhandledRejection', listener);
      }
      const finish = (): void => {
        loaded = { cv: module };
        resolve(loaded);
      };
      if (typeof (module as { Mat?: unknown }).Mat === 'function') finish();
      else module.onRuntimeInitialized = finish;
    } catch (error) {
      reject(error);
    }
  });
  return loading;
}

/** The loaded module; throws if `loadOpenCv()` has not completed. */
export function opencv(): Cv {
  if (!loaded) throw new Error('opencv-js is not loaded; await loadOpenCv() first');
  return loaded.cv;
}

/** Runs `body` and deletes every Mat (or other deletable) registered through `track`, even on throw. */
export function withMats<T>(body: (track: <M extends { delete(): void }>(m: M) => M) => T): T {
  const owned: { delete(): void }[] = [];
  const track = <M extends { delete(): void }>(m: M): M => {
    owned.push(m);
    return m;
  };
  try {
    return body(track);
  } finally {
    for (const m of owned) m.delete();
  }
}
