import { useEffect, useRef, useState } from "react";

/**
 * The value, passed on at most once per `ms` while it keeps changing (the latest one always arrives); `ms` of 0
 * passes every change at once. The console and timeline of a live run redraw a few times a second this way, while
 * the canvas follows every frame.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (ms <= 0 || Object.is(value, shown)) return;
    const wait = last.current + ms - performance.now();
    const timer = setTimeout(
      () => {
        last.current = performance.now();
        setShown(() => latest.current);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return ms <= 0 ? value : shown;
}
