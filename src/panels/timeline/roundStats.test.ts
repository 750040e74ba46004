import { describe, expect, it } from "vitest";
import type { RoundView, Span } from "../../store";
import { roundStats } from "./roundStats";

const call = (id: string, lane: string, start: number, end?: number, kind: Span["kind"] = "llm"): Span => ({
  id,
  kind,
  lane,
  taskId: `${lane}_turn`,
  label: "m",
  start,
  ...(end === undefined ? {} : { end }),
});

/** Round 1: Alex alone (1 s). Round 2: Bob and Chalice together (2 s and 1.5 s of calls in 2 s). Round 3 still going. */
const ROUNDS: RoundView[] = [
  { round: 1, agents: ["alex"], start: 0, end: 1000 },
  { round: 2, agents: ["bob", "chalice"], start: 1000, end: 3000 },
  { round: 3, agents: ["alex", "bob"], start: 3000 },
];
const SPANS: Span[] = [
  call("task", "alex", 0, 1000, "task"),
  call("a1", "alex", 0, 1000),
  call("b2", "bob", 1000, 3000),
  call("c2", "chalice", 1000, 2000),
  call("c2t", "chalice", 2000, 2500, "tool"),
  call("a3", "alex", 3000),
  call("b3", "bob", 3200, 3400),
];

describe("roundStats", () => {
  it("sets each round's wall time against its calls one by one, counting each call in the round it started in", () => {
    const [one, two] = roundStats(ROUNDS, SPANS, 4000);
    expect(one).toMatchObject({ round: 1, calls: 1, peak: 1, wallMs: 1000, serialMs: 1000, speedup: 1, open: false });
    // Bob's 2 s and Chalice's 1 s call plus her 0.5 s tool call, in 2 s of wall time; task bars are not calls.
    expect(two).toMatchObject({ round: 2, agents: ["bob", "chalice"], calls: 2, peak: 2, wallMs: 2000, serialMs: 3500 });
    expect(two?.speedup).toBeCloseTo(1.75);
  });

  it("measures a running round and its open calls up to now", () => {
    const three = roundStats(ROUNDS, SPANS, 4000)[2];
    expect(three).toMatchObject({ round: 3, open: true, end: 4000, wallMs: 1000, calls: 2, peak: 2, serialMs: 1200 });
    expect(roundStats(ROUNDS, SPANS, 3000)[2]).toMatchObject({ wallMs: 0, speedup: null });
  });

  it("has nothing to say about a run without rounds", () => {
    expect(roundStats([], SPANS, 4000)).toEqual([]);
  });
});
