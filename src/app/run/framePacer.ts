/** What a pacer needs from the page; injected so tests can drive frames and timers by hand. */
export interface FrameScheduler {
  requestFrame(callback: (time: number) => void): number;
  cancelFrame(handle: number): void;
  setTimer(callback: () => void, ms: number): number;
  clearTimer(handle: number): void;
}

/** Frames up to this long count as smooth: deliveries then go out every frame. */
const SMOOTH_FRAME_MS = 50;
/** The longest a delivery waits, so a busy page still shows progress a few times a second. */
const MAX_WAIT_MS = 250;

/**
 * Hands queued work to `deliver` at most once per animation frame, and less often while the page is struggling.
 * After a frame that took longer than SMOOTH_FRAME_MS (a hundred-node canvas re-rendering on a machine without a GPU),
 * the next delivery waits about as long again as that frame took, so at least half the main thread stays free for
 * the person's clicks and typing instead of going to yet another run update.
 */
export class FramePacer {
  private frame = 0;
  private timer = 0;
  private lastFrameMs = 0;

  constructor(
    private readonly deliver: () => void,
    private readonly scheduler: FrameScheduler,
  ) {}

  /** Something was queued: deliver it in a coming frame (nothing to do when a delivery is already planned). */
  request(): void {
    if (this.frame || this.timer) return;
    const wait = this.lastFrameMs > SMOOTH_FRAME_MS ? Math.min(MAX_WAIT_MS, this.lastFrameMs) : 0;
    if (wait === 0) this.frame = this.scheduler.requestFrame((time) => this.onFrame(time));
    else
      this.timer = this.scheduler.setTimer(() => {
        this.timer = 0;
        this.frame = this.scheduler.requestFrame((time) => this.onFrame(time));
      }, wait);
  }

  /** Delivers now (before a message that must come after the queued work) and cancels the planned delivery. */
  flush(): void {
    this.cancel();
    this.deliver();
  }

  /** Drops any planned delivery. */
  cancel(): void {
    if (this.frame) this.scheduler.cancelFrame(this.frame);
    if (this.timer) this.scheduler.clearTimer(this.timer);
    this.frame = 0;
    this.timer = 0;
  }

  private onFrame(time: number): void {
    this.frame = 0;
    this.deliver();
    // The next frame's start tells how long this one took, rendering of the delivered work included.
    this.scheduler.requestFrame((next) => {
      this.lastFrameMs = next - time;
    });
  }
}

/** The page's own animation frames and timers. */
export const browserFrames: FrameScheduler = {
  requestFrame: (callback) => requestAnimationFrame(callback),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (handle) => window.clearTimeout(handle),
};
