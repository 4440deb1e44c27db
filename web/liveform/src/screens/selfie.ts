import { api, type Prompt, type SelfieOutcome } from '../api.js';
import {
  CameraUnavailable,
  fileToCanvas,
  fittedJpeg,
  grab,
  openCamera,
  stopCamera,
  toJpeg,
} from '../capture/camera.js';
import { announce, button, h, show, spinner, uid } from '../dom.js';
import { t } from '../i18n/index.js';
import type { Flow } from '../state.js';
import { showProblem } from './common.js';

/** Frames of the liveness challenge: enough for a blink or a head turn at a phone's pace. */
const FRAME_COUNT = 16;
const FRAME_INTERVAL_MS = 220;
const FRAME_WIDTH = 480;
const MAX_IMAGE_BYTES = 2 * 1024 * 1024 - 4096;

const PROMPT_ICON: Record<Prompt, string> = { blink: '◉ ◉', turn_left: '←', turn_right: '→' };

/**
 * The selfie with the active liveness challenge of the face engine: the server gives a random prompt (blink,
 * turn left, turn right), the page records a short frame sequence while the applicant follows it, and the
 * server checks that one and the same live face did what was asked (src/engine/face/liveness-active.ts).
 */
export function selfieScreen(flow: Flow, done: (outcome: SelfieOutcome) => void): void {
  const video = h('video', {
    class: 'camera mirrored',
    muted: true,
    playsinline: true,
    autoplay: true,
    'aria-hidden': 'true',
  });
  const oval = h('div', { class: 'oval', 'aria-hidden': 'true' });
  const promptBox = h('p', { class: 'prompt', role: 'status', 'aria-live': 'assertive' });
  const viewport = h(
    'div',
    { class: 'viewport selfie', role: 'img', 'aria-label': t('cameraVideoLabel') },
    video,
    oval,
  );
  const start = button(t('selfieStart'), () => void run());
  start.disabled = true;
  let stream: MediaStream | undefined;

  const run = async () => {
    start.disabled = true;
    start.hidden = true;
    let prompt: Prompt;
    try {
      prompt = (await api.challenge(flow.sid)).prompt;
    } catch (problem) {
      stopCamera(stream);
      showProblem(problem, () => selfieScreen(flow, done));
      return;
    }
    const instruction = t(`prompt_${prompt}`);
    promptBox.replaceChildren(
      h('span', { class: 'prompt-icon', 'aria-hidden': 'true' }, PROMPT_ICON[prompt]),
      instruction,
    );
    viewport.classList.add('recording');
    announce(instruction);
    // The still selfie is taken as the prompt appears, while the face is still frontal.
    const face = await fittedJpeg(grab(video, undefined, 1280), MAX_IMAGE_BYTES);
    const frames: Blob[] = [];
    for (let i = 0; i < FRAME_COUNT; i++) {
      frames.push(await toJpeg(grab(video, undefined, FRAME_WIDTH), 0.85));
      await new Promise((resolve) => window.setTimeout(resolve, FRAME_INTERVAL_MS));
    }
    stopCamera(stream);
    show(h('h1', {}, t('checking')), spinner(t('checking')));
    try {
      done(await api.selfie(flow.sid, face, frames));
    } catch (problem) {
      showProblem(problem, () => selfieScreen(flow, done));
    }
  };

  show(
    h('h1', {}, t('selfieTitle')),
    h('p', {}, t('selfieLead')),
    viewport,
    promptBox,
    h('div', { class: 'actions' }, start),
  );
  promptBox.textContent = t('cameraStarting');

  openCamera(video, 'user').then(
    (opened) => {
      stream = opened;
      viewport.style.aspectRatio = `${video.videoWidth} / ${video.videoHeight}`;
      promptBox.textContent = '';
      start.disabled = false;
    },
    (error: unknown) => {
      if (!(error instanceof CameraUnavailable)) throw error;
      viewport.hidden = true;
      start.hidden = true;
      promptBox.textContent = '';
      uploadFallback(flow, done);
    },
  );
}

/**
 * No camera (none, or refused): a photo of the face is uploaded instead. Without frames there is no active
 * challenge; the server weighs only the passive liveness of the one photo, and the page says so plainly.
 */
function uploadFallback(flow: Flow, done: (outcome: SelfieOutcome) => void): void {
  const id = uid('selfie-upload');
  const noticeId = uid('selfie-notice');
  const input = h('input', {
    id,
    type: 'file',
    accept: 'image/jpeg,image/png',
    capture: 'user',
    'aria-describedby': noticeId,
  });
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const send = button(t('selfieUploadSend'), async () => {
    const file = input.files?.[0];
    const problem = !file
      ? t('selfieUploadLabel')
      : !/^image\/(jpeg|png)$/.test(file.type)
        ? t('uploadWrongType')
        : file.size > 10 * 1024 * 1024
          ? t('uploadTooLarge')
          : '';
    error.textContent = problem;
    error.hidden = problem === '';
    if (problem || !file) {
      input.focus();
      return;
    }
    show(h('h1', {}, t('checking')), spinner(t('checking')));
    try {
      const face = await fittedJpeg(await fileToCanvas(file, 1600), MAX_IMAGE_BYTES);
      done(await api.selfieUpload(flow.sid, face));
    } catch (failure) {
      showProblem(failure, () => selfieScreen(flow, done));
    }
  });
  show(
    h('h1', {}, t('selfieTitle')),
    h('p', {}, t('selfieNoCamera')),
    h('p', { id: noticeId, class: 'note warn' }, t('selfieUploadNotice')),
    h('div', { class: 'field' }, h('label', { for: id }, t('selfieUploadLabel')), input, error),
    h('div', { class: 'actions' }, send),
  );
  announce(t('selfieNoCamera'));
}
