// Worker-thread entry of the face pool: one FaceEngine per thread, created on the first task.
import type { FaceModelConfig } from './embedder.js';
import { createFaceEngine, type FaceEngine } from './engine.js';
import type { FaceSource } from './face-finder.js';
import type { ChallengePrompt, ChallengeResult, FaceImageReport, FaceModelInfo } from './types.js';

export type FaceTask =
  | { op: 'info'; config: FaceModelConfig }
  | { op: 'analyze'; config: FaceModelConfig; bytes: Uint8Array; source: FaceSource }
  | {
      op: 'challenge';
      config: FaceModelConfig;
      frames: Uint8Array[];
      prompt: ChallengePrompt;
      reference?: Float32Array;
    };

export type FaceTaskResult = FaceModelInfo | FaceImageReport | ChallengeResult;

let engine: Promise<FaceEngine> | undefined;

export default async function run(task: FaceTask): Promise<FaceTaskResult> {
  engine ??= createFaceEngine(task.config);
  const e = await engine;
  if (task.op === 'info') return e.model;
  if (task.op === 'analyze') return e.analyze(task.bytes, task.source);
  return e.challenge(task.frames, task.prompt, task.reference);
}
