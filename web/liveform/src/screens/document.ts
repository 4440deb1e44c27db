import {
  CameraUnavailable,
  fileToCanvas,
  fittedJpeg,
  grab,
  openCamera,
  stopCamera,
} from '../capture/camera.js';
import {
  analysisWindow,
  assessDocument,
  expandRect,
  guideRect,
  type Rect,
  toGray,
  type Verdict,
} from '../capture/guidance.js';
import { announce, button, h, show, spinner, uid } from '../dom.js';
import { type MessageKey, t } from '../i18n/index.js';
import type { Flow } from '../state.js';

/** The API takes at most 2 MiB per image (argos.md §4.2). */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024 - 4096;
/** Analysis copy of the frame: small enough to check ~8 times a second on a phone. */
const ANALYSIS_WIDTH = 400;
/** Consecutive good frames before the automatic capture. */
const STEADY_FRAMES = 5;
const ANALYSE_EVERY_MS = 120;

const ADVICE: Record<Verdict, MessageKey> = {
  ok: 'guideHold',
  none: 'guideNoDocument',
  far: 'guideTooFar',
  corners: 'guideCorners',
  blurry: 'guideBlurry',
  glare: 'guideGlare',
  dark: 'guideDark',
};

/** ID-1 cards (85.6 x 54 mm) and passport data pages (125 x 88 mm). */
const aspectOf = (flow: Flow): number =>
  flow.idType === 'passport' || flow.idType === 'visa' ? 1.42 : 1.586;

export interface CaptureOptions {
  readonly side: 'front' | 'back';
  readonly done: (image: Blob) => void;
}

/**
 * One side of the document: rear camera, a frame to put the document in, advice from on-device checks, and the
 * automatic capture once the document is steady, sharp and glare-free. An upload replaces the camera whenever
 * it is missing or refused.
 */
export function documentScreen(flow: Flow, options: CaptureOptions): void {
  const title =
    options.side === 'back'
      ? t('captureBackTitle')
      : flow.idType === 'passport'
        ? t('capturePassportTitle')
        : t('captureFrontTitle');
  const video = h('video', {
    class: 'camera',
    muted: true,
    playsinline: true,
    autoplay: true,
    'aria-hidden': 'true',
  });
  const overlay = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  overlay.setAttribute('class', 'overlay');
  overlay.setAttribute('aria-hidden', 'true');
  const viewport = h(
    'div',
    { class: 'viewport', role: 'img', 'aria-label': t('cameraVideoLabel') },
    video,
    overlay,
  );
  const advice = h('p', { class: 'advice', 'data-verdict': 'none' }, t('cameraStarting'));
  const uploadId = uid('upload');
  const upload = h('input', {
    id: uploadId,
    type: 'file',
    accept: 'image/jpeg,image/png',
    capture: 'environment',
    class: 'file-input',
  });
  let stream: MediaStream | undefined;
  let timer: number | undefined;
  let finished = false;

  const finish = async (canvas: HTMLCanvasElement) => {
    if (finished) return;
    finished = true;
    window.clearInterval(timer);
    stopCamera(stream);
    announce(t('guideCaptured'));
    show(h('h1', {}, title), spinner(t('guideCaptured')));
    options.done(await fittedJpeg(canvas, MAX_IMAGE_BYTES));
  };

  upload.addEventListener('change', async () => {
    const file = upload.files?.[0];
    if (!file) return;
    if (!/^image\/(jpeg|png)$/.test(file.type)) {
      advice.textContent = t('uploadWrongType');
      return;
    }
    if (file.size > 10 * 1024 * 1024) {
      advice.textContent = t('uploadTooLarge');
      return;
    }
    await finish(await fileToCanvas(file, 2400));
  });

  show(
    h('h1', {}, title),
    h('p', {}, t('captureLead')),
    viewport,
    h('div', { class: 'advice-box', 'aria-live': 'polite' }, advice),
    h(
      'div',
      { class: 'actions' },
      button(
        t('captureNow'),
        () => {
          if (stream) void finish(grab(video, captureRegion(), 2400));
        },
        'secondary',
      ),
      h('label', { for: uploadId, class: 'btn btn-link' }, t('uploadInstead')),
      upload,
    ),
  );

  let guide: Rect | undefined;
  const captureRegion = (): Rect | undefined =>
    guide && expandRect(guide, 0.06, video.videoWidth, video.videoHeight);

  const drawGuide = (verdict: Verdict) => {
    if (!guide) return;
    overlay.setAttribute('viewBox', `0 0 ${video.videoWidth} ${video.videoHeight}`);
    overlay.setAttribute('preserveAspectRatio', 'none');
    const r = Math.min(guide.width, guide.height) * 0.05;
    overlay.innerHTML = `<defs><mask id="hole"><rect width="100%" height="100%" fill="#fff"/><rect x="${guide.x}" y="${guide.y}" width="${guide.width}" height="${guide.height}" rx="${r}" fill="#000"/></mask></defs><rect width="100%" height="100%" fill="rgba(0,0,0,.45)" mask="url(#hole)"/><rect class="frame ${verdict === 'ok' ? 'frame-ok' : ''}" x="${guide.x}" y="${guide.y}" width="${guide.width}" height="${guide.height}" rx="${r}" fill="none" vector-effect="non-scaling-stroke"/>`;
  };

  let steady = 0;
  let lastVerdict: Verdict | undefined;
  const analyse = () => {
    if (!guide || video.readyState < 2) return;
    const part = analysisWindow(guide, video.videoWidth, video.videoHeight, ANALYSIS_WIDTH);
    const canvas = grab(video, part.region, ANALYSIS_WIDTH);
    const pixels = canvas
      .getContext('2d', { willReadFrequently: true })!
      .getImageData(0, 0, canvas.width, canvas.height);
    const gray = toGray(pixels.data, canvas.width, canvas.height);
    const result = assessDocument(gray, part.guide);
    steady = result.verdict === 'ok' ? steady + 1 : 0;
    if (result.verdict !== lastVerdict) {
      lastVerdict = result.verdict;
      advice.textContent = t(ADVICE[result.verdict]);
      advice.dataset.verdict = result.verdict;
      drawGuide(result.verdict);
    }
    if (steady >= STEADY_FRAMES) void finish(grab(video, captureRegion(), 2400));
  };

  openCamera(video, 'environment').then(
    (opened) => {
      if (finished) {
        stopCamera(opened);
        return;
      }
      stream = opened;
      guide = guideRect(video.videoWidth, video.videoHeight, aspectOf(flow));
      viewport.style.aspectRatio = `${video.videoWidth} / ${video.videoHeight}`;
      drawGuide('none');
      advice.textContent = t('guideNoDocument');
      timer = window.setInterval(analyse, ANALYSE_EVERY_MS);
    },
    (error: unknown) => {
      if (!(error instanceof CameraUnavailable)) throw error;
      viewport.hidden = true;
      advice.textContent = t('cameraDenied');
      announce(t('cameraDenied'));
    },
  );
}

/** Shown while the server reads the document (Step 1). */
export function readingScreen(): void {
  show(h('h1', {}, t('reading')), spinner(t('reading')));
}
