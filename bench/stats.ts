// Summary statistics for benchmark rounds. A ratio is judged by the median of paired per-round ratios and by how sure
// that median is: a bootstrap interval, so one lucky or unlucky run does not decide whether a target is met.

export const best = (values: number[]) => Math.min(...values);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(mid)] as number) + (sorted[Math.ceil(mid)] as number)) / 2;
}

/** Each round's ratio of `value` to its paired baseline (the baseline run right after it, or a fixed ideal). */
export const pairedRatios = (values: number[], base: number[] | number) =>
  values.map((v, i) => v / (typeof base === "number" ? base : (base[i] as number)));

/** A small seeded generator (mulberry32), so the interval printed for the same rounds is always the same. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The 95% percentile-bootstrap interval of the median of `values`. Rounds taken back to back are not fully
 * independent (the machine's speed drifts), so read it as a guide to how steady the median is, not as an exact bound.
 */
export function medianInterval(values: number[], resamples = 2000): [number, number] {
  const random = seeded(0x5eed);
  const medians: number[] = [];
  const sample = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)] as number;
    medians.push(median(sample));
  }
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(resamples * 0.025)] as number, medians[Math.ceil(resamples * 0.975) - 1] as number];
}

/** A target on the median ratio: met when the whole interval is within it, missed when the whole interval is beyond. */
export function verdict(interval: [number, number], limit: number): "met" | "missed" | "unsure" {
  if (interval[1] <= limit) return "met";
  if (interval[0] > limit) return "missed";
  return "unsure";
}
