/** Frame lengths summarised: how many, the 95th percentile, the worst, and how many took over 50 ms. */
export interface FrameStats {
  frames: number;
  p95: number;
  max: number;
  long: number;
  all: number[];
}

/** Click-to-paint times summarised. */
export interface InteractionStats {
  median: number;
  max: number;
}

/** The q-quantile (0..1) of some numbers; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Summarises animation-frame lengths. */
export function frameStats(frames: readonly number[]): FrameStats {
  return {
    frames: frames.length,
    p95: quantile(frames, 0.95),
    max: Math.max(0, ...frames),
    long: frames.filter((f) => f > 50).length,
    all: [...frames],
  };
}

/** Summarises click-to-paint times. */
export function interactionStats(times: readonly number[]): InteractionStats {
  return { median: quantile(times, 0.5), max: Math.max(0, ...times) };
}
