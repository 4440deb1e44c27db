import sharp from 'sharp';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import { localWasmOverrides } from '../local-wasm.js';
import type { Point, Quad } from '../types.js';
import { homography, project, warpPerspective } from './warp.js';

// Synthetic photos of a licence back: our own payload encoded as PDF417 (zint, inside zxing-wasm's
// writer), printed on a card with a few lines of text, laid on a table, then turned, tilted, shaded,
// blurred and compressed like a phone photo. For tests, benchmarks and evaluation; the reading path
// never uses it.

let writerPrepared = false;

function prepareWriter(): void {
  if (writerPrepared) return;
  prepareZXingModule({ overrides: localWasmOverrides('zxing-wasm/writer/zxing_writer.wasm') });
  writerPrepared = true;
}

/** Payload text is written byte for byte as Latin-1, as AAMVA payloads are. */
function payloadBytes(payload: Uint8Array | string): Uint8Array {
  return typeof payload === 'string' ? new Uint8Array(Buffer.from(payload, 'latin1')) : payload;
}

/** A clean PDF417 symbol as PNG, with quiet zones. */
export async function renderPdf417(payload: Uint8Array | string, moduleSize = 3): Promise<Buffer> {
  prepareWriter();
  const written = await writeBarcode(payloadBytes(payload), {
    format: 'PDF417',
    options: 'ecLevel=5',
    scale: moduleSize,
    addQuietZones: true,
  });
  if (written.error || !written.image)
    throw new Error(`PDF417 encoding failed: ${written.error || 'no image'}`);
  return Buffer.from(await written.image.arrayBuffer());
}

export interface LicenceBackOptions {
  /** Pixels per PDF417 module (default 3). */
  moduleSize?: number;
  /** Clockwise turn of the card, degrees (default 0). */
  rotationDegrees?: number;
  /** Perspective: the right edge is shorter than the left by this fraction (negative: the left edge). */
  tiltHorizontal?: number;
  /** Perspective: the bottom edge is shorter than the top by this fraction (negative: the top edge). */
  tiltVertical?: number;
  /** Gaussian blur sigma in pixels (default none). */
  blurSigma?: number;
  /** Uneven light: the far side darkened by up to this fraction (default 0). */
  shadow?: number;
  format?: 'png' | 'jpeg' | 'webp';
  /** JPEG/WebP quality (default 80). */
  quality?: number;
}

export interface RenderedLicenceBack {
  image: Buffer;
  width: number;
  height: number;
  /** Where the symbol (without quiet zone) lies in the rendered image. */
  barcodeQuad: Quad;
}

const TABLE = { r: 92, g: 80, b: 70 };

export async function renderLicenceBack(
  payload: Uint8Array | string,
  options: LicenceBackOptions = {},
): Promise<RenderedLicenceBack> {
  const moduleSize = options.moduleSize ?? 3;
  const symbolPng = await renderPdf417(payload, moduleSize);
  const symbol = await sharp(symbolPng).metadata();
  const bw = symbol.width ?? 0;
  const bh = symbol.height ?? 0;
  const quiet = 2 * moduleSize; // zint's quiet zone is two modules wide

  const cardW = Math.round(bw / 0.86);
  const cardH = Math.max(Math.round(cardW * 0.63), Math.round(bh / 0.6));
  const bx = Math.round((cardW - bw) / 2);
  const by = cardH - bh - Math.round(cardH * 0.07);
  const font = Math.max(10, Math.round(cardH * 0.045));
  const lines = [
    'THIS CARD IS THE PROPERTY OF THE ISSUING JURISDICTION',
    'IF FOUND, RETURN TO ANY MOTOR VEHICLE OFFICE',
    'SYNTHETIC TEST DOCUMENT - NOT VALID FOR IDENTIFICATION',
  ];
  const card = `<svg xmlns="http://www.w3.org/2000/svg" width="${cardW}" height="${cardH}">
  <rect width="${cardW}" height="${cardH}" rx="${Math.round(cardH * 0.05)}" fill="#f3efe4"/>
  <rect y="${Math.round(cardH * 0.03)}" width="${cardW}" height="${Math.round(cardH * 0.012)}" fill="#9bb7d4"/>
  ${lines
    .map(
      (line, i) =>
        `<text x="${Math.round(cardW * 0.05)}" y="${Math.round(cardH * 0.1 + i * font * 1.4)}" font-family="DejaVu Sans, sans-serif" font-size="${font}" fill="#333">${line}</text>`,
    )
    .join('\n  ')}
</svg>`;

  const margin = Math.round(cardW * 0.12);
  const sceneW = cardW + 2 * margin;
  const sceneH = cardH + 2 * margin;
  const cardPng = await sharp(Buffer.from(card))
    .composite([{ input: symbolPng, left: bx, top: by }])
    .png()
    .toBuffer();
  const scene = await sharp({ create: { width: sceneW, height: sceneH, channels: 3, background: TABLE } })
    .composite([{ input: cardPng, left: margin, top: margin }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });

  const x0 = margin + bx + quiet;
  const y0 = margin + by + quiet;
  let quad: Point[] = [
    { x: x0, y: y0 },
    { x: x0 + bw - 2 * quiet, y: y0 },
    { x: x0 + bw - 2 * quiet, y: y0 + bh - 2 * quiet },
    { x: x0, y: y0 + bh - 2 * quiet },
  ];
  let raw: Uint8Array = new Uint8Array(scene.data.buffer, scene.data.byteOffset, scene.data.byteLength);
  let width = scene.info.width;
  let height = scene.info.height;

  const degrees = options.rotationDegrees ?? 0;
  if (degrees !== 0) {
    const turned = await sharp(raw, { raw: { width, height, channels: 3 } })
      .rotate(degrees, { background: TABLE })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const t = (degrees * Math.PI) / 180;
    const [cx, cy, ox, oy] = [width / 2, height / 2, turned.info.width / 2, turned.info.height / 2];
    quad = quad.map((p) => ({
      x: Math.cos(t) * (p.x - cx) - Math.sin(t) * (p.y - cy) + ox,
      y: Math.sin(t) * (p.x - cx) + Math.cos(t) * (p.y - cy) + oy,
    }));
    raw = new Uint8Array(turned.data.buffer, turned.data.byteOffset, turned.data.byteLength);
    width = turned.info.width;
    height = turned.info.height;
  }

  const th = options.tiltHorizontal ?? 0;
  const tv = options.tiltVertical ?? 0;
  if (th !== 0 || tv !== 0) {
    const dx = (Math.abs(tv) * width) / 2;
    const dy = (Math.abs(th) * height) / 2;
    const corners = [
      { x: tv < 0 ? dx : 0, y: th < 0 ? dy : 0 },
      { x: width - (tv < 0 ? dx : 0), y: th > 0 ? dy : 0 },
      { x: width - (tv > 0 ? dx : 0), y: height - (th > 0 ? dy : 0) },
      { x: tv > 0 ? dx : 0, y: height - (th < 0 ? dy : 0) },
    ];
    const forward = homography(
      [
        { x: 0, y: 0 },
        { x: width, y: 0 },
        { x: width, y: height },
        { x: 0, y: height },
      ],
      corners,
    );
    raw = warpPerspective(raw, width, height, 3, corners, width, height, [TABLE.r, TABLE.g, TABLE.b]);
    quad = quad.map((p) => project(forward, p));
  }

  const shadow = options.shadow ?? 0;
  if (shadow > 0) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const factor = 1 - shadow * ((x / width) * 0.7 + (y / height) * 0.3);
        const o = (y * width + x) * 3;
        for (let c = 0; c < 3; c++) raw[o + c] = Math.round(raw[o + c]! * factor);
      }
    }
  }

  let pipeline = sharp(raw, { raw: { width, height, channels: 3 } });
  if (options.blurSigma && options.blurSigma >= 0.3) pipeline = pipeline.blur(options.blurSigma);
  const format = options.format ?? 'png';
  const quality = options.quality ?? 80;
  pipeline =
    format === 'jpeg'
      ? pipeline.jpeg({ quality })
      : format === 'webp'
        ? pipeline.webp({ quality })
        : pipeline.png();
  const image = await pipeline.toBuffer();
  const [tl, tr, br, bl] = quad as [Point, Point, Point, Point];
  return {
    image,
    width,
    height,
    barcodeQuad: { topLeft: tl, topRight: tr, bottomRight: br, bottomLeft: bl },
  };
}
