import type { Rect } from './guidance.js';

// Camera access that works in mobile Chrome and iOS Safari: getUserMedia with ideal constraints (Safari rejects
// some exact ones), a muted inline <video>, and frames copied through a canvas (no ImageCapture, which Safari
// lacks). Callers fall back to a file upload when this throws.

export class CameraUnavailable extends Error {}

export async function openCamera(
  video: HTMLVideoElement,
  facing: 'environment' | 'user',
): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraUnavailable('no getUserMedia');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        facingMode: { ideal: facing },
        // Enough for the MRZ and the portrait; higher resolutions only cost time and memory on the phone.
        width: { ideal: facing === 'environment' ? 1920 : 1280 },
        height: { ideal: facing === 'environment' ? 1080 : 720 },
      },
    });
  } catch (error) {
    throw new CameraUnavailable(error instanceof Error ? error.name : 'denied');
  }
  video.muted = true;
  video.setAttribute('playsinline', '');
  video.setAttribute('autoplay', '');
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  if (video.videoWidth === 0) {
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      video.addEventListener('loadedmetadata', done, { once: true });
      window.setTimeout(done, 3000);
    });
  }
  if (video.videoWidth === 0) {
    stopCamera(stream);
    throw new CameraUnavailable('no video');
  }
  return stream;
}

export function stopCamera(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** A region of the current video frame, scaled so that its width is at most `maxWidth`. */
export function grab(video: HTMLVideoElement, region: Rect | undefined, maxWidth: number): HTMLCanvasElement {
  const r = region ?? { x: 0, y: 0, width: video.videoWidth, height: video.videoHeight };
  const x = Math.max(0, Math.round(r.x));
  const y = Math.max(0, Math.round(r.y));
  const w = Math.min(video.videoWidth - x, Math.round(r.width));
  const h = Math.min(video.videoHeight - y, Math.round(r.height));
  const scale = Math.min(1, maxWidth / w);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(w * scale));
  canvas.height = Math.max(1, Math.round(h * scale));
  canvas
    .getContext('2d', { willReadFrequently: true })!
    .drawImage(video, x, y, w, h, 0, 0, canvas.width, canvas.height);
  return canvas;
}

export function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('encoding failed'))),
      'image/jpeg',
      quality,
    ),
  );
}

/** A JPEG under `maxBytes` (the API takes at most 2 MiB per image): lower quality first, then smaller. */
export async function fittedJpeg(canvas: HTMLCanvasElement, maxBytes: number): Promise<Blob> {
  let current = canvas;
  for (let attempt = 0; attempt < 6; attempt++) {
    for (const quality of [0.92, 0.85, 0.75]) {
      const blob = await toJpeg(current, quality);
      if (blob.size <= maxBytes) return blob;
    }
    const smaller = document.createElement('canvas');
    smaller.width = Math.round(current.width * 0.8);
    smaller.height = Math.round(current.height * 0.8);
    smaller.getContext('2d')!.drawImage(current, 0, 0, smaller.width, smaller.height);
    current = smaller;
  }
  return toJpeg(current, 0.7);
}

/** An uploaded image file drawn into a canvas (EXIF orientation is applied by the browser). */
export async function fileToCanvas(file: Blob, maxWidth: number): Promise<HTMLCanvasElement> {
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const scale = Math.min(1, maxWidth / image.naturalWidth);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}
