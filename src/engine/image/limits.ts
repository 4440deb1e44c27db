/** Bounds on what the engine agrees to decode; untrusted images are checked against them before decoding. */
export interface ImageLimits {
  /** Largest accepted encoded size in bytes. */
  readonly maxBytes: number;
  /** Largest accepted pixel count (width x height), checked from the header before any decoding. */
  readonly maxPixels: number;
  /** Smallest accepted side in pixels; below it no document can be read. */
  readonly minSide: number;
}

export const defaultImageLimits: ImageLimits = {
  maxBytes: 30 * 1024 * 1024,
  maxPixels: 50_000_000,
  minSide: 64,
};
