import { describe, expect, it } from "vitest";
import { median, medianInterval, pairedRatios, verdict } from "./stats";

describe("bench statistics", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("pairs each round with its own baseline, or with a fixed ideal", () => {
    expect(pairedRatios([2, 3], [1, 2])).toEqual([2, 1.5]);
    expect(pairedRatios([220, 200], 200)).toEqual([1.1, 1]);
  });

  it("gives an interval around the median that narrows with more rounds and repeats for the same rounds", () => {
    const spread = (n: number) => Array.from({ length: n }, (_, i) => 1 + ((i * 37) % 21) / 100);
    const [low, high] = medianInterval(spread(30));
    expect(low).toBeLessThanOrEqual(median(spread(30)));
    expect(high).toBeGreaterThanOrEqual(median(spread(30)));
    const [low2, high2] = medianInterval(spread(300));
    expect(high2 - low2).toBeLessThan(high - low);
    expect(medianInterval(spread(30))).toEqual([low, high]);
  });

  it("calls a target met only when the whole interval is within it", () => {
    expect(verdict([1.1, 1.19], 1.2)).toBe("met");
    expect(verdict([1.15, 1.21], 1.2)).toBe("unsure");
    expect(verdict([1.21, 1.3], 1.2)).toBe("missed");
  });
});
