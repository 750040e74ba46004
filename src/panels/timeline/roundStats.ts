import type { RoundView, Span } from "../../store";
import { peakOverlap, spanEnd } from "./timelineModel";

/** One round of an environment run on the timeline: when it ran, and its calls at once against one by one. */
export interface RoundStats {
  round: number;
  agents: string[];
  start: number;
  /** Its end, or `until` while it runs. */
  end: number;
  open: boolean;
  /** Model calls made in the round. */
  calls: number;
  /** Most model calls in flight together in the round. */
  peak: number;
  /** The round's own duration. */
  wallMs: number;
  /** Its model and tool calls' durations added up: the round with every call made one after another. */
  serialMs: number;
  /** serial / wall, or null while no time has passed. */
  speedup: number | null;
}

/**
 * Per-round wall time against the sum of its calls. A call belongs to the round it started in (from the round's
 * start until the next round's), so nothing is counted twice and a call straddling the end still counts whole.
 */
export function roundStats(rounds: readonly RoundView[], spans: readonly Span[], until: number): RoundStats[] {
  return rounds.map((round, i) => {
    const end = Math.max(round.start, round.end ?? until);
    const next = rounds[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    const calls = spans.filter((s) => s.kind !== "task" && s.start >= round.start && s.start < next);
    const serialMs = calls.reduce((sum, s) => sum + (spanEnd(s, until) - s.start), 0);
    const llm = calls.filter((s) => s.kind === "llm").map((s) => ({ start: s.start, end: spanEnd(s, until) }));
    const wallMs = end - round.start;
    return {
      round: round.round,
      agents: round.agents,
      start: round.start,
      end,
      open: round.end === undefined,
      calls: llm.length,
      peak: peakOverlap(llm),
      wallMs,
      serialMs,
      speedup: wallMs > 0 ? serialMs / wallMs : null,
    };
  });
}
