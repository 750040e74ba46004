import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Crew, CrewRecord } from "../model";
import { testCrew } from "../model/testCrews";
import { Autosaver } from "./Autosaver";
import { MemoryRepository } from "./testing/MemoryRepository";

/** A repository whose puts wait until the test settles them, one by one. */
class DeferredRepository extends MemoryRepository {
  readonly waiting: { record: CrewRecord; resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Records in the order they were actually stored. */
  readonly landed: CrewRecord[] = [];

  override put(record: CrewRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({
        record,
        resolve: () => {
          this.landed.push(record);
          void super.put(record).then(resolve);
        },
        reject,
      });
    });
  }

  /** Settles the oldest waiting put. */
  settle(error?: Error): void {
    const next = this.waiting.shift();
    if (!next) throw new Error("no put is waiting");
    if (error) next.reject(error);
    else next.resolve();
  }
}

const crew = (description: string): Crew => testCrew({ name: "C", description });
/** Lets pending promise callbacks run. */
const tick = () => vi.advanceTimersByTimeAsync(0);

function setup(delayMs = 400) {
  const repository = new DeferredRepository();
  const states: string[] = [];
  const errors: Error[] = [];
  const autosaver = new Autosaver(
    repository,
    () => 5000,
    (state, error) => {
      states.push(state);
      if (error) errors.push(error);
    },
    delayMs,
  );
  return { repository, autosaver, states, errors };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Autosaver", () => {
  it("writes the last scheduled version once the delay has passed since the last change", async () => {
    const { repository, autosaver, states } = setup();
    autosaver.schedule("x", crew("one"), 100);
    await vi.advanceTimersByTimeAsync(300);
    autosaver.schedule("x", crew("two"), 100);
    await vi.advanceTimersByTimeAsync(399);
    expect(repository.waiting).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(repository.waiting.map((w) => w.record)).toEqual([{ id: "x", name: "C", createdAt: 100, updatedAt: 5000, doc: crew("two") }]);
    expect(states).toEqual(["saving", "saving"]);
    repository.settle();
    await tick();
    expect(states.at(-1)).toBe("saved");
  });

  it("never lets an older write land after a newer one", async () => {
    const { repository, autosaver } = setup();
    autosaver.schedule("x", crew("old"), 1);
    const first = autosaver.flush();
    autosaver.schedule("x", crew("new"), 1);
    const second = autosaver.flush();
    await tick();
    // The newer write waits for the older one instead of racing it.
    expect(repository.waiting.map((w) => w.record.doc.description)).toEqual(["old"]);
    repository.settle();
    await first;
    await tick();
    expect(repository.waiting.map((w) => w.record.doc.description)).toEqual(["new"]);
    repository.settle();
    await second;
    expect(repository.landed.map((r) => r.doc.description)).toEqual(["old", "new"]);
    expect((await repository.get("x"))?.doc.description).toBe("new");
  });

  it("flush resolves only when every earlier write has finished", async () => {
    const { repository, autosaver } = setup();
    autosaver.schedule("x", crew("a"), 1);
    void autosaver.flush();
    let done = false;
    void autosaver.flush().then(() => {
      done = true;
    });
    await tick();
    expect(done).toBe(false);
    repository.settle();
    await tick();
    expect(done).toBe(true);
  });

  it("writes the pending save of one crew at once when another crew is scheduled", async () => {
    const { repository, autosaver } = setup();
    autosaver.schedule("x", crew("x1"), 1);
    autosaver.schedule("y", crew("y1"), 2);
    await tick();
    expect(repository.waiting.map((w) => [w.record.id, w.record.doc.description])).toEqual([["x", "x1"]]);
    repository.settle();
    await vi.advanceTimersByTimeAsync(400);
    expect(repository.waiting.map((w) => [w.record.id, w.record.doc.description, w.record.createdAt])).toEqual([["y", "y1", 2]]);
  });

  it("reports a failed write and keeps writing later versions", async () => {
    const { repository, autosaver, states, errors } = setup();
    autosaver.schedule("x", crew("a"), 1);
    const failed = autosaver.flush();
    autosaver.schedule("x", crew("b"), 1);
    const later = autosaver.flush();
    await tick();
    repository.settle(new Error("disk full"));
    await failed;
    expect(states.at(-1)).toBe("error");
    expect(errors.map((e) => e.message)).toEqual(["disk full"]);
    await tick();
    repository.settle();
    await later;
    expect(states.at(-1)).toBe("saved");
    expect((await repository.get("x"))?.doc.description).toBe("b");
  });

  it("does not report saved while a newer change is still queued", async () => {
    const { repository, autosaver, states } = setup();
    autosaver.schedule("x", crew("a"), 1);
    const first = autosaver.flush();
    await tick();
    autosaver.schedule("x", crew("b"), 1);
    repository.settle();
    await first;
    expect(states).toEqual(["saving", "saving"]);
  });

  it("flush with nothing queued writes nothing", async () => {
    const { repository, autosaver } = setup();
    await autosaver.flush();
    await vi.advanceTimersByTimeAsync(1000);
    expect(repository.waiting).toHaveLength(0);
  });
});
