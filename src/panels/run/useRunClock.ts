import { useEffect, useState } from "react";

/** The current time, ticking a few times a second while `active` (a live run): open bars on the timeline grow. */
export function useRunClock(active: boolean, fallback: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return active ? now : fallback;
}
