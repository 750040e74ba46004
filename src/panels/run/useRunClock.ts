import { useEffect, useState } from "react";
import { shownRun, useApp } from "../../store";

/**
 * "Now" for the run shown: the clock, ticking a few times a second, while it runs live (open bars grow); in a replay,
 * the moment under the cursor; otherwise its end (or, for a run cut off, the last moment it recorded).
 */
export function useRunClock(): number {
  const live = useApp((s) => s.runMode === "live" && shownRun(s)?.status === "running");
  const replayAt = useApp((s) => (s.replay ? s.replay.events[Math.max(0, s.replay.cursor)]?.ts : undefined));
  const settled = useApp((s) => {
    const run = shownRun(s);
    return run ? (run.endedAt ?? run.spans.reduce((t, span) => Math.max(t, span.end ?? span.start), run.startedAt)) : 0;
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [live]);
  return live ? now : (replayAt ?? settled);
}
