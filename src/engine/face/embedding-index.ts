import type { FaceMetric } from './types.js';

export interface IndexHit {
  readonly id: string;
  /** The model's raw score: Euclidean distance or cosine similarity. */
  readonly raw: number;
}

/** Dimensions at or below which a query scans the full vectors; above, a projected prefilter runs first. */
const EXACT_DIMS = 160;
const PROJECTED_DIMS = 64;
/** Candidates kept by the prefilter for exact re-ranking. */
const PREFILTER_CANDIDATES = 512;

/**
 * In-memory 1:N index of face embeddings (one model), filled by the domain layer from its database: vectors sit
 * in one contiguous Float32Array, so a query is a cache-friendly pass of dot products (Euclidean distances are
 * derived from dot products and stored norms). Long embeddings (ArcFace 512-d) are first matched in a 64-d
 * random projection, which preserves angles well enough to keep the true neighbours among the candidates,
 * then re-ranked exactly.
 */
export class FaceEmbeddingIndex {
  readonly dims: number;
  readonly metric: FaceMetric;
  private vectors: Float32Array;
  private norms: Float32Array;
  private projected: Float32Array | null;
  private projection: Float32Array | null;
  private ids: string[] = [];
  private slotOf = new Map<string, number>();
  private count = 0;

  constructor(dims: number, metric: FaceMetric, initialCapacity = 1024) {
    if (!Number.isInteger(dims) || dims <= 0) throw new Error(`invalid embedding size ${dims}`);
    this.dims = dims;
    this.metric = metric;
    this.vectors = new Float32Array(dims * initialCapacity);
    this.norms = new Float32Array(initialCapacity);
    if (dims > EXACT_DIMS) {
      this.projection = gaussianProjection(dims, PROJECTED_DIMS, 0x5eed);
      this.projected = new Float32Array(PROJECTED_DIMS * initialCapacity);
    } else {
      this.projection = null;
      this.projected = null;
    }
  }

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds or replaces the embedding of `id`. */
  add(id: string, vector: Float32Array): void {
    if (vector.length !== this.dims)
      throw new Error(`embedding has ${vector.length} values, the index ${this.dims}`);
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      this.grow(this.count + 1);
      slot = this.count++;
      this.ids[slot] = id;
      this.slotOf.set(id, slot);
    }
    this.write(slot, vector);
  }

  /** Removes `id` (e.g. a deleted submission) by moving the last entry into its slot. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const last = this.count - 1;
    if (slot !== last) {
      const lastId = this.ids[last]!;
      this.vectors.copyWithin(slot * this.dims, last * this.dims, (last + 1) * this.dims);
      this.norms[slot] = this.norms[last]!;
      if (this.projected) {
        this.projected.copyWithin(slot * PROJECTED_DIMS, last * PROJECTED_DIMS, (last + 1) * PROJECTED_DIMS);
      }
      this.ids[slot] = lastId;
      this.slotOf.set(lastId, slot);
    }
    this.ids.pop();
    this.slotOf.delete(id);
    this.count--;
    return true;
  }

  /**
   * The `k` nearest embeddings, best first; with `threshold` only those on the match side of it (distance <=
   * threshold, or cosine >= threshold).
   */
  search(query: Float32Array, k = 10, threshold?: number): IndexHit[] {
    if (query.length !== this.dims)
      throw new Error(`query has ${query.length} values, the index ${this.dims}`);
    if (this.count === 0 || k <= 0) return [];
    const qNorm = Math.sqrt(dot(query, 0, query, 0, this.dims)) || 1;
    const candidates = this.projected ? this.prefilter(query, Math.max(k, PREFILTER_CANDIDATES)) : null;
    const top = new TopK(k);
    const d = this.dims;
    const v = this.vectors;
    const visit = (slot: number): void => {
      const dp = dot(query, 0, v, slot * d, d);
      const n = this.norms[slot]!;
      // Similarity-oriented key for the heap: higher is better for both metrics.
      const key =
        this.metric === 'cosine'
          ? dp / (qNorm * (n || 1))
          : -Math.sqrt(Math.max(0, qNorm * qNorm + n * n - 2 * dp));
      top.offer(slot, key);
    };
    if (candidates) for (const slot of candidates) visit(slot);
    else for (let slot = 0; slot < this.count; slot++) visit(slot);
    const hits: IndexHit[] = [];
    for (const { slot, key } of top.sorted()) {
      const raw = this.metric === 'cosine' ? key : -key;
      if (threshold !== undefined && (this.metric === 'cosine' ? raw < threshold : raw > threshold)) continue;
      hits.push({ id: this.ids[slot]!, raw });
    }
    return hits;
  }

  private prefilter(query: Float32Array, n: number): Int32Array {
    const p = this.projection!;
    const q = project(query, p, this.dims);
    const qn = Math.sqrt(dot(q, 0, q, 0, PROJECTED_DIMS)) || 1;
    const top = new TopK(Math.min(n, this.count));
    const pv = this.projected!;
    for (let slot = 0; slot < this.count; slot++) {
      const o = slot * PROJECTED_DIMS;
      const pn = Math.sqrt(dot(pv, o, pv, o, PROJECTED_DIMS)) || 1;
      const cos = dot(q, 0, pv, o, PROJECTED_DIMS) / (qn * pn);
      top.offer(slot, this.metric === 'cosine' ? cos : cos * 2 - 1);
    }
    return Int32Array.from(top.sorted(), (e) => e.slot);
  }

  private write(slot: number, vector: Float32Array): void {
    this.vectors.set(vector, slot * this.dims);
    this.norms[slot] = Math.sqrt(dot(vector, 0, vector, 0, this.dims));
    if (this.projected)
      this.projected.set(project(vector, this.projection!, this.dims), slot * PROJECTED_DIMS);
  }

  private grow(needed: number): void {
    const capacity = this.norms.length;
    if (needed <= capacity) return;
    const next = Math.max(needed, capacity * 2);
    const vectors = new Float32Array(next * this.dims);
    vectors.set(this.vectors);
    this.vectors = vectors;
    const norms = new Float32Array(next);
    norms.set(this.norms);
    this.norms = norms;
    if (this.projected) {
      const projected = new Float32Array(next * PROJECTED_DIMS);
      projected.set(this.projected);
      this.projected = projected;
    }
  }
}

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[ao + i]! * b[bo + i]!;
    s1 += a[ao + i + 1]! * b[bo + i + 1]!;
    s2 += a[ao + i + 2]! * b[bo + i + 2]!;
    s3 += a[ao + i + 3]! * b[bo + i + 3]!;
  }
  for (; i < n; i++) s0 += a[ao + i]! * b[bo + i]!;
  return s0 + s1 + s2 + s3;
}

function project(v: Float32Array, p: Float32Array, dims: number): Float32Array {
  const out = new Float32Array(PROJECTED_DIMS);
  for (let j = 0; j < PROJECTED_DIMS; j++) out[j] = dot(v, 0, p, j * dims, dims);
  return out;
}

/** A fixed (seeded) Gaussian random projection: same vectors, same projection, in every process. */
function gaussianProjection(dims: number, out: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const m = new Float32Array(dims * out);
  for (let i = 0; i < m.length; i++) {
    const u = Math.max(next(), 1e-12);
    m[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  }
  return m;
}

/** Keeps the k best (slot, key) pairs in a min-heap. */
class TopK {
  private slots: Int32Array;
  private keys: Float64Array;
  private n = 0;
  constructor(private readonly k: number) {
    this.slots = new Int32Array(Math.max(1, k));
    this.keys = new Float64Array(Math.max(1, k));
  }
  offer(slot: number, key: number): void {
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.keys[parent]! <= key) break;
        this.keys[i] = this.keys[parent]!;
        this.slots[i] = this.slots[parent]!;
        i = parent;
      }
      this.keys[i] = key;
      this.slots[i] = slot;
      return;
    }
    if (key <= this.keys[0]!) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const c = r < this.n && this.keys[r]! < this.keys[l]! ? r : l;
      if (this.keys[c]! >= key) break;
      this.keys[i] = this.keys[c]!;
      this.slots[i] = this.slots[c]!;
      i = c;
    }
    this.keys[i] = key;
    this.slots[i] = slot;
  }
  sorted(): { slot: number; key: number }[] {
    const out: { slot: number; key: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ slot: this.slots[i]!, key: this.keys[i]! });
    return out.sort((a, b) => b.key - a.key);
  }
}
