import { describe, expect, it } from "vitest";
import { FramePacer, type FrameScheduler } from "./framePacer";

/** Frames and timers run by hand: `frame(t)` fires every pending frame callback at time t. */
function manual() {
  let next = 1;
  const frames = new Map<number, (t: number) => void>();
  const timers = new Map<number, { callback: () => void; ms: number }>();
  const scheduler: FrameScheduler = {
    requestFrame: (callback) => {
      frames.set(next, callback);
      return next++;
    },
    cancelFrame: (handle) => void frames.delete(handle),
    setTimer: (callback, ms) => {
      timers.set(next, { callback, ms });
      return next++;
    },
    clearTimer: (handle) => void timers.delete(handle),
  };
  return {
    scheduler,
    frame(t: number) {
      const due = [...frames.values()];
      frames.clear();
      for (const callback of due) callback(t);
    },
    /** The waits of the timers pending now, then fires them. */
    fireTimers(): number[] {
      const due = [...timers.values()];
      timers.clear();
      for (const timer of due) timer.callback();
      return due.map((timer) => timer.ms);
    },
    pendingFrames: () => frames.size,
    pendingTimers: () => timers.size,
  };
}

describe("FramePacer", () => {
  it("delivers once per frame however often work is queued, while frames stay smooth", () => {
    const page = manual();
    let deliveries = 0;
    const pacer = new FramePacer(() => deliveries++, page.scheduler);
    for (let i = 0; i < 5; i++) pacer.request();
    page.frame(0);
    expect(deliveries).toBe(1);
    page.frame(16); // the measuring callback: a 16 ms frame
    pacer.request();
    expect(page.pendingTimers()).toBe(0);
    page.frame(32);
    expect(deliveries).toBe(2);
  });

  it("after a slow frame, waits about as long as that frame took (capped) before the next delivery", () => {
    const page = manual();
    let deliveries = 0;
    const pacer = new FramePacer(() => deliveries++, page.scheduler);
    pacer.request();
    page.frame(0);
    page.frame(120); // the delivered frame took 120 ms to render
    pacer.request();
    pacer.request();
    expect(page.pendingFrames()).toBe(0);
    expect(page.fireTimers()).toEqual([120]);
    page.frame(300);
    expect(deliveries).toBe(2);
    page.frame(1300); // a frame of a whole second: the wait is capped
    pacer.request();
    expect(page.fireTimers()).toEqual([250]);
  });

  it("flush delivers at once and cancels what was planned", () => {
    const page = manual();
    let deliveries = 0;
    const pacer = new FramePacer(() => deliveries++, page.scheduler);
    pacer.request();
    pacer.flush();
    expect(deliveries).toBe(1);
    expect(page.pendingFrames()).toBe(0);
    page.frame(0);
    expect(deliveries).toBe(1);
    // A planned wait after a slow frame is dropped too.
    pacer.request();
    page.frame(10);
    page.frame(200);
    pacer.request();
    expect(page.pendingTimers()).toBe(1);
    pacer.flush();
    expect(page.pendingTimers()).toBe(0);
    expect(deliveries).toBe(3);
  });
});
