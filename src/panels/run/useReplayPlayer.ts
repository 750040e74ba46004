import { useEffect, useRef } from "react";
import type { RunEvent } from "../../engine/events";

/** Pauses longer than this (a review left waiting, a long back-off) play back as this long. */
const MAX_GAP_MS = 1500;

/**
 * Plays a saved run forward in real time times `speed`, one animation frame at a time, calling `seek` with the
 * index of the last event due; idle gaps are shortened. Calls `onEnd` at the last event.
 */
export function useReplayPlayer(
  events: readonly RunEvent[],
  cursor: number,
  playing: boolean,
  speed: number,
  seek: (index: number) => void,
  onEnd: () => void,
): void {
  const latest = useRef({ cursor, seek, onEnd });
  latest.current = { cursor, seek, onEnd };
  useEffect(() => {
    if (!playing || events.length === 0) return;
    let frame = 0;
    let last = performance.now();
    // Replay time is kept relative to the event under the cursor, so seeking while playing just continues from there.
    let at = latest.current.cursor;
    let carry = 0;
    const step = (time: number) => {
      // The person dragged the scrubber while playing: continue from where they put it.
      if (latest.current.cursor !== at) {
        at = latest.current.cursor;
        carry = 0;
      }
      carry += (time - last) * speed;
      last = time;
      while (at < events.length - 1) {
        const gap = Math.min(MAX_GAP_MS, Math.max(0, (events[at + 1]?.ts ?? 0) - (events[at]?.ts ?? 0)));
        if (carry < gap) break;
        carry -= gap;
        at++;
      }
      if (at !== latest.current.cursor) latest.current.seek(at);
      if (at >= events.length - 1) latest.current.onEnd();
      else frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, events]);
}
