import { useEffect, useState } from "react";

/** The clock, ticking every `ms` while `active` (elapsed times of runs in progress grow); frozen otherwise. */
export function useTicker(active: boolean, ms = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}
