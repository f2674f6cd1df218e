/**
 * Seeded pseudo-random numbers for the supply-chain simulator. Deterministic per seed, no global state,
 * no `Math.random`. Generator: sfc32 seeded through splitmix32 (good statistical quality, 32-bit integer ops).
 */

/** A seeded random stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * @param seed - any integer; equal seeds give equal streams
 * @param stream - sub-stream number, so independent parts of a model (supply, demand …) draw from separate streams
 * @returns a deterministic generator
 */
export function createRng(seed: number, stream = 0): Rng {
  const sm = splitmix32((seed * 0x2c1b3c6d + stream * 0x297a2d39) | 0);
  let a = sm(), b = sm(), c = sm(), d = sm();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** Standard normal draw (Box–Muller, one value per call). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Poisson draw. Knuth's product method below mean 30, else a rounded normal with continuity correction
 * (adequate for daily counts; exact in mean).
 *
 * @param mean - λ ≥ 0
 */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const l = Math.exp(-mean);
    let k = 0;
    let p = rng.next();
    while (p > l) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
}

/** Gamma(shape, scale) draw (Marsaglia–Tsang; shape < 1 by the boost u^(1/shape)). */
export function gamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) {
    const u = rng.next();
    return gamma(rng, shape + 1, scale) * Math.pow(u === 0 ? 1e-12 : u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/**
 * Negative-binomial count as a gamma–Poisson mixture with the given mean and variance-to-mean ratio.
 *
 * @param mean - expected count ≥ 0
 * @param dispersion - variance ÷ mean (> 1 over-dispersed; ≤ 1 falls back to Poisson). §4: 1.4–2.0 for platelets
 * @see supply-chain-benchmarks.md §4, §8 (negative binomial, variance/mean ≈ 1.5–2)
 */
export function negativeBinomial(rng: Rng, mean: number, dispersion: number): number {
  if (!(mean > 0)) return 0;
  if (!(dispersion > 1)) return poisson(rng, mean);
  const shape = mean / (dispersion - 1);
  return poisson(rng, gamma(rng, shape, dispersion - 1));
}

/** Binomial draw by summing Bernoulli trials below n = 50, else a Poisson/normal approximation. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 50) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return k;
  }
  const mean = n * p;
  if (mean < 30) return Math.min(n, poisson(rng, mean));
  return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(rng))));
}
