import type { CSSProperties } from "react";
import type { Crew } from "../../model";
import type { RoundStats } from "./roundStats";
import { formatDuration } from "./timelineModel";

const vars = (values: Record<string, number>) => values as CSSProperties;

/** An agent's short name for a round line: its role up to the first comma ("Alex, the teacher" → "Alex"). */
function shortName(crew: Crew, id: string): string {
  const role = crew.agents.find((a) => a.id === id)?.role.trim();
  return role ? (role.split(",")[0]?.trim() ?? role) : id;
}

/** "2 calls at once", "1 call", "2 calls, 1 at a time": how parallel a round's model calls were. */
function callsText(round: RoundStats): string {
  if (round.calls === 0) return "no model call yet";
  if (round.calls === 1) return "1 call";
  return round.peak > 1 ? `${round.calls} calls, up to ${round.peak} at once` : `${round.calls} calls, one at a time`;
}

/** One line per round of an environment run: who acted, its wall time against its calls one by one, and the speedup. */
export function RoundList({ rounds, crew }: { rounds: readonly RoundStats[]; crew: Crew }) {
  return (
    <ol className="timeline__rounds" aria-label="Rounds">
      {rounds.map((r) => (
        <li
          key={r.round}
          data-round={r.round}
          data-calls={r.calls}
          data-peak={r.peak}
          data-speedup={r.speedup === null ? undefined : r.speedup.toFixed(2)}
          data-open={r.open || undefined}
        >
          <strong>Round {r.round}</strong> · {r.agents.map((a) => shortName(crew, a)).join(", ")} · {callsText(r)} ·{" "}
          {r.open ? "running " : ""}
          {formatDuration(r.wallMs)} vs {formatDuration(r.serialMs)} one by one
          {r.speedup !== null && r.calls > 0 && <> · {r.speedup.toFixed(1)}×</>}
        </li>
      ))}
    </ol>
  );
}

/** Shaded bands behind the lanes, one per round, alternating so neighbouring rounds are told apart. */
export function RoundBands({ rounds, origin }: { rounds: readonly RoundStats[]; origin: number }) {
  return (
    <>
      {rounds.map((r) => (
        <span
          key={r.round}
          className={`timeline__band${r.round % 2 === 0 ? " timeline__band--even" : ""}`}
          data-round={r.round}
          style={vars({ "--tl-s": r.start - origin, "--tl-d": r.end - r.start })}
        />
      ))}
    </>
  );
}

/**
 * Round labels along the top of the axis, where each round starts; a round that starts too close to the last label
 * (under 4% of the axis) keeps its band but not a label, so quick rounds do not print over each other.
 */
export function RoundMarks({ rounds, origin, rangeMs }: { rounds: readonly RoundStats[]; origin: number; rangeMs: number }) {
  let last = Number.NEGATIVE_INFINITY;
  const shown = rounds.filter((r) => {
    if (r.start - last < rangeMs * 0.04) return false;
    last = r.start;
    return true;
  });
  return (
    <>
      {shown.map((r) => (
        <span key={r.round} className="timeline__round-mark" style={vars({ "--tl-s": r.start - origin })}>
          R{r.round}
        </span>
      ))}
    </>
  );
}
