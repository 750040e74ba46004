import { describe, expect, it } from "vitest";
import { reuseItems, sameValue } from "./stableItems";

describe("reuseItems", () => {
  it("keeps the previous object for unchanged items and the previous list when nothing changed", () => {
    const before = [
      { id: "a", position: { x: 1, y: 2 }, selected: false },
      { id: "b", position: { x: 3, y: 4 }, selected: false },
    ];
    const same = before.map((n) => ({ ...n, position: { ...n.position } }));
    expect(reuseItems(before, same)).toBe(before);
    const picked = reuseItems(before, [same[0], { ...same[1], selected: true }] as typeof before);
    expect(picked).not.toBe(before);
    expect(picked[0]).toBe(before[0]);
    expect(picked[1]?.selected).toBe(true);
  });

  it("compares nested values, not identities", () => {
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
