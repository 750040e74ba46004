import { describe, expect, it } from "vitest";
import type { KnowledgeHit } from "../engine/ports";
import { BuiltinToolHost } from "./BuiltinToolHost";
import { builtinTool, toolContext } from "./testSupport";

const host = new BuiltinToolHost();
const hit = (n: number): KnowledgeHit => ({
  chunkId: `c${n}`,
  sourceId: "s1",
  source: "Ferry timetable.pdf",
  text: ` Ferry ${n} leaves at 9. `,
  score: 1,
});

describe("search_knowledge", () => {
  it("returns the passages with their source names, asking the base for the given or configured number", async () => {
    const asked: [string, number][] = [];
    const context = {
      ...toolContext(),
      knowledge: {
        search: async (text: string, limit: number) => {
          asked.push([text, limit]);
          return [hit(1), hit(2)];
        },
      },
    };
    const out = await host.invoke(builtinTool("search_knowledge"), { query: " ferry times " }, context);
    expect(out).toBe(
      'Passages found for "ferry times" (cite the source in brackets when you use one):\n\n' +
        "1. [Ferry timetable.pdf]\nFerry 1 leaves at 9.\n\n2. [Ferry timetable.pdf]\nFerry 2 leaves at 9.",
    );
    await host.invoke(builtinTool("search_knowledge", { limit: 7 }), { query: "ferry" }, context);
    await host.invoke(builtinTool("search_knowledge"), { query: "ferry", limit: 2 }, context);
    expect(asked).toEqual([
      ["ferry times", 3],
      ["ferry", 7],
      ["ferry", 2],
    ]);
  });

  it("says plainly when nothing matches and when the crew has no knowledge at all", async () => {
    const empty = { ...toolContext(), knowledge: { search: async () => [] } };
    expect(await host.invoke(builtinTool("search_knowledge"), { query: "whales" }, empty)).toBe(
      'search_knowledge: no passage of the crew\'s knowledge matches "whales". Try other words.',
    );
    expect(await host.invoke(builtinTool("search_knowledge"), { query: "whales" }, toolContext())).toMatch(
      /^search_knowledge: this crew has no knowledge sources/,
    );
  });

  it("refuses an empty query or a bad limit, naming the field", async () => {
    await expect(host.invoke(builtinTool("search_knowledge"), { query: "  " }, toolContext())).rejects.toThrow(
      "search_knowledge: invalid arguments: 'query' must not be empty.",
    );
    await expect(host.invoke(builtinTool("search_knowledge"), { query: "x", limit: 50 }, toolContext())).rejects.toThrow(
      /search_knowledge: invalid arguments: 'limit' /,
    );
    expect(() => host.spec(builtinTool("search_knowledge", { limit: 0 }))).toThrow(
      "search_knowledge: invalid config: 'limit' must be at least 1.",
    );
    expect(host.spec(builtinTool("search_knowledge")).parameters).toMatchObject({ required: ["query"] });
  });
});
