import { useMemo } from "react";
import { shownRun, useApp } from "../store";
import { roundLines } from "./roundSummary";

/** Rounds shown at most: the latest ones, so a long discussion does not cover the canvas. */
const SHOWN = 6;

/**
 * Over the canvas while an environment run is shown: "Round 2 / 4", and who reacted to whom in each round so far.
 * It reads the rounds and messages the store folded; a token streaming in changes neither, so it stays still then.
 */
export function RoundCounter() {
  const rounds = useApp((s) => shownRun(s)?.rounds);
  const messages = useApp((s) => shownRun(s)?.messages);
  const status = useApp((s) => shownRun(s)?.status);
  const crew = useApp((s) => s.runCrew ?? s.crew);
  const lines = useMemo(() => (rounds && messages ? roundLines(rounds, messages, crew) : []), [rounds, messages, crew]);
  const current = lines.at(-1);
  if (!current) return null;
  const max = crew.settings.maxRounds;
  return (
    <section className="round-counter" aria-label="Rounds" data-round={current.round} data-max={max} data-status={status}>
      <h2 className="round-counter__title">
        Round {current.round} / {max}
        {status !== "running" && <span className="round-counter__end"> · {status === "completed" ? "ended" : status}</span>}
      </h2>
      {/* Once the run is over the timeline lists every round; the counter keeps to its headline. */}
      {status === "running" && (
        <ol className="round-counter__list">
          {lines.slice(-SHOWN).map((line) => (
            <li key={line.round} data-round={line.round} className={line === current ? "is-current" : undefined}>
              <span className="round-counter__n">{line.round}</span>
              {line.reactions.map((r) => (
                <span key={r.agent} className="round-counter__turn" data-agent={r.agent}>
                  {r.name}
                  {r.to.length > 0 && <span className="round-counter__to"> ← {r.to.join(", ")}</span>}
                </span>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
