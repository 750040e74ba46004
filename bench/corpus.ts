// Made-up text for the browser benchmarks: the same corpus and queries on every run.

/** A fixed pseudo-random sequence, so every run measures the same corpus and queries. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// A vocabulary with a long tail (Zipf-like picks), like real prose: a few words everywhere, most words rare.
const SYLLABLES = ["ta", "ri", "mo", "sen", "lo", "ka", "dre", "vi", "pol", "nu", "gar", "est", "ion", "bel", "cor", "fin"];

/** `size` distinct made-up words. */
export function vocabulary(size: number, rnd: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let w = "";
    const n = 2 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}
