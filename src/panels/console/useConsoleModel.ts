import { useMemo, useRef } from "react";
import type { RunEvent } from "../../engine/events";
import type { Crew } from "../../model";
import { ConsoleBuilder } from "./consoleRows";
import type { ConsoleModel } from "./consoleTypes";

type Fold = {
  builder: ConsoleBuilder;
  crew: Crew;
  first: RunEvent | undefined;
  last: RunEvent | undefined;
  count: number;
};

/**
 * The console model of an event log. While the log only grows (a live run appends batches to a copied array), only the
 * new events are folded; any other change (a new run, a replay, another crew) starts over.
 */
export function useConsoleModel(events: readonly RunEvent[], crew: Crew): ConsoleModel {
  const fold = useRef<Fold | null>(null);
  return useMemo(() => {
    let state = fold.current;
    const grows =
      state && state.crew === crew && events.length >= state.count && events[0] === state.first && events[state.count - 1] === state.last;
    if (!state || !grows) {
      state = { builder: new ConsoleBuilder(crew), crew, first: events[0], last: undefined, count: 0 };
      fold.current = state;
    }
    for (let i = state.count; i < events.length; i++) {
      const event = events[i];
      if (event) state.builder.add(event);
    }
    state.count = events.length;
    state.first = events[0];
    state.last = events.at(-1);
    return state.builder.snapshot();
  }, [events, crew]);
}
