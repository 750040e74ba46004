import { describe, expect, it } from "vitest";
import { formatSize } from "./format";

describe("formatSize", () => {
  it("picks the unit people read", () => {
    expect([0, 1023, 1024, 1536, 5 * 1048576, 250 * 1048576, 10 * 1024 ** 3].map(formatSize)).toEqual([
      "0 B",
      "1023 B",
      "1.0 KB",
      "1.5 KB",
      "5.0 MB",
      "250 MB",
      "10.0 GB",
    ]);
  });
});
