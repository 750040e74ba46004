import type { CallEnv } from "./modelCall";

// The abort signals of task attempts: one per attempt, aborted with its run or by the agent's time limit, and reused
// by later attempts of the same run because creating one is the costliest engine step of a model call in Node.

// A fixed reason: abort() without one builds a DOMException (stack trace included) that nobody reads here.
const TIMER_STOPPED = new Error("attempt finished");

/** The attempt's time limit: aborts the attempt when it runs out; `stop` cancels the wait once the attempt is over. */
export function startTimeLimit(env: Pick<CallEnv, "clock" | "pause">, limit: number, attempt: AbortController) {
  const { clock, pause } = env;
  // Time spent paused is the person's, not the agent's: the clock stops on pause and goes on with what was left.
  let left = limit * 1000;
  let timer: AbortController | null = null;
  let since = 0;
  const state = {
    timedOut: false,
    stop: () => {
      unsubscribe?.();
      timer?.abort(TIMER_STOPPED);
      timer = null;
    },
  };
  const arm = () => {
    const own = new AbortController();
    timer = own;
    since = clock.now();
    clock.sleep(left, own.signal).then(
      () => {
        // A wait that ran out just as the attempt ended (or was paused) is stale: its controller may already serve the
        // next attempt, which this must never abort.
        if (timer !== own) return;
        state.timedOut = true;
        attempt.abort(new Error(`time limit of ${limit} s reached`));
      },
      () => undefined,
    );
  };
  const unsubscribe = pause?.subscribe((paused) => {
    if (paused && timer) {
      timer.abort(TIMER_STOPPED);
      timer = null;
      left = Math.max(0, left - (clock.now() - since));
    } else if (!paused && !timer && !state.timedOut) arm();
  });
  if (!pause?.isPaused) arm();
  return state;
}

/** The attempts in progress of each run, aborted together with it. */
const attemptsOf = new WeakMap<AbortSignal, Set<AbortController>>();
/** Controllers of a run's finished attempts, never aborted, ready for its next attempts. */
const idleOf = new WeakMap<AbortSignal, AbortController[]>();
/** How many attempts each controller has served. */
const usesOf = new WeakMap<AbortController, number>();
/**
 * Attempts one controller serves at most. Node's fetch leaves a listener on the signal of every request it made until
 * that request is garbage-collected, and warns past 1,500: a signal reused by a long run must be retired in time.
 */
const MAX_USES = 64;

/**
 * A signal of its own for one attempt, aborted with the run's. The waits and requests of twenty parallel tasks would
 * otherwise all hang listeners on the run's one signal (and trip Node's leak warning); one listener fans out to them
 * all instead. AbortSignal.any did the same but cost 20-40 µs per attempt in Node 20 (weak references both ways, and a
 * composite signal pins itself in a global set while it has listeners). A new AbortController still cost about 8 µs
 * in a run (Node makes every signal transferable), the costliest engine step of a call, so finished attempts hand
 * theirs back for the next attempt (see releaseAttempt).
 */
export function followRun(run: AbortSignal): AbortController {
  if (run.aborted) {
    const attempt = new AbortController();
    attempt.abort(run.reason);
    return attempt;
  }
  let attempts = attemptsOf.get(run);
  if (!attempts) {
    const all = new Set<AbortController>();
    run.addEventListener(
      "abort",
      () => {
        for (const a of all) a.abort(run.reason);
      },
      { once: true },
    );
    attemptsOf.set(run, all);
    attempts = all;
  }
  const idle = idleOf.get(run);
  let attempt = idle?.pop();
  // Never hand out a signal that was aborted after it was put back (a stale time limit, say).
  while (attempt?.signal.aborted) attempt = idle?.pop();
  attempt ??= new AbortController();
  attempts.add(attempt);
  return attempt;
}

/**
 * Ends an attempt. Its controller is reused only if it was never aborted (an aborted signal stays aborted) and has
 * served fewer than MAX_USES attempts; whatever still listens to it (fetch unhooks itself only when garbage-collected)
 * belongs to work that is over, which a later abort cannot harm.
 */
export function releaseAttempt(run: AbortSignal, attempt: AbortController): void {
  const attempts = attemptsOf.get(run);
  if (!attempts?.delete(attempt) || attempt.signal.aborted || run.aborted) return;
  const uses = (usesOf.get(attempt) ?? 0) + 1;
  if (uses >= MAX_USES) return;
  usesOf.set(attempt, uses);
  let idle = idleOf.get(run);
  if (!idle) {
    idle = [];
    idleOf.set(run, idle);
  }
  idle.push(attempt);
}
