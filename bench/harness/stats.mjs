// @ts-check
// Statistics and small numeric helpers for the bench: quantiles, slopes, the round-robin rotation
// and the loop that keeps N calls in flight.

/** @param {readonly number[]} values @param {number} q */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const lower = sorted[low] ?? Number.NaN;
  const upper = sorted[Math.ceil(position)] ?? Number.NaN;
  return lower + (upper - lower) * (position - low);
}

/** @param {readonly number[]} values */
export const median = (values) => quantile(values, 0.5);

/** The median, or null for no values (a measurement that could not be taken, e.g. off Linux). @param {readonly number[]} values */
export const medianOrNull = (values) => (values.length ? median(values) : null);

/** Least-squares slope of y over x. @param {readonly {x: number, y: number}[]} points */
export function slope(points) {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - meanX) * (p.y - meanY);
    den += (p.x - meanX) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

/**
 * Theil–Sen slope (the median of the pairwise slopes): a cross-check on the least-squares one,
 * which a single GC spike in a handful of samples can swing.
 * @param {readonly {x: number, y: number}[]} points
 */
export function medianSlope(points) {
  /** @type {number[]} */
  const slopes = [];
  points.forEach((p, i) => {
    for (const q of points.slice(i + 1)) if (q.x !== p.x) slopes.push((q.y - p.y) / (q.x - p.x));
  });
  return median(slopes);
}

/** @param {number} value @param {number} digits */
export const round = (value, digits) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** @param {number} a @param {number} b */
export const ratioOf = (a, b) => (b > 0 ? a / b : Number.NaN);

/** @param {number | null | undefined} value @param {number} [digits] */
export const fmt = (value, digits = 2) =>
  value === null || value === undefined || !Number.isFinite(value) ? "n/a" : value.toFixed(digits);

/**
 * Rotates `items` by `by`, so each contender takes each position in turn (round-robin).
 * @template T @param {readonly T[]} items @param {number} by @returns {T[]}
 */
export const rotate = (items, by) => items.map((_, i) => /** @type {T} */ (items[(i + by) % items.length]));

/**
 * Keeps `inFlight` calls going until `total` have been made; returns calls per second.
 * @param {number} total @param {number} inFlight @param {() => Promise<unknown>} call
 */
export async function pump(total, inFlight, call) {
  let started = 0;
  const begin = performance.now();
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return total / ((performance.now() - begin) / 1000);
}
