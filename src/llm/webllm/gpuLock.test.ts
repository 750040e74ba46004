import { describe, expect, it } from "vitest";
import { GPU_LOCK, gpuTurn } from "./gpuLock";
import { FakeLocks } from "./testing/FakeLocks";

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("gpuTurn (one in-browser model on the GPU at a time, across runs and downloads)", () => {
  it("takes a free lock at once, and tells the second comer it waits until the first releases", async () => {
    const locks = new FakeLocks();
    const waits: string[] = [];
    const signal = new AbortController().signal;
    const releaseFirst = await gpuTurn(signal, () => waits.push("first"), locks);
    let second = false;
    const waiting = gpuTurn(signal, () => waits.push("second"), locks).then((release) => {
      second = true;
      return release;
    });
    await settle();
    expect(second).toBe(false);
    expect(waits).toEqual(["second"]);
    expect(locks.waiting(GPU_LOCK)).toBe(1);
    releaseFirst();
    (await waiting)();
    expect(second).toBe(true);
  });

  it("stops waiting when its signal aborts, and the lock stays with its holder", async () => {
    const locks = new FakeLocks();
    const release = await gpuTurn(new AbortController().signal, () => {}, locks);
    const controller = new AbortController();
    const waiting = gpuTurn(controller.signal, () => {}, locks);
    await settle();
    controller.abort(new DOMException("download of m cancelled", "AbortError"));
    await expect(waiting).rejects.toThrow("download of m cancelled");
    expect(locks.waiting(GPU_LOCK)).toBe(0);
    release();
    await settle();
    const again = await gpuTurn(
      new AbortController().signal,
      () => {
        throw new Error("should not wait: the lock is free");
      },
      locks,
    );
    again();
  });

  it("without Web Locks (Node, old browsers) goes at once", async () => {
    const release = await gpuTurn(
      new AbortController().signal,
      () => {
        throw new Error("nothing to wait for");
      },
      null,
    );
    expect(typeof release).toBe("function");
  });
});
