import { describe, expect, it } from "vitest";
import type { KnowledgeChunk } from "../../model";
import { ChunkIndex, MAX_QUERY_TERMS } from "./ChunkIndex";

const chunk = (id: string, sourceId: string, text: string, agentId: string | null = null): KnowledgeChunk => ({
  id,
  sourceId,
  crewId: "c1",
  agentId,
  index: 0,
  text,
  start: 0,
  end: text.length,
});

describe("ChunkIndex", () => {
  const sources = [
    { id: "s1", name: "Ferries.pdf", agentId: null },
    { id: "s2", name: "Chef notes", agentId: "chef" },
  ];
  const chunks = [
    chunk("a", "s1", "The ferry to Vila Nova leaves at 10:40 on Sundays."),
    chunk("b", "s1", "Ferry tickets are sold at the kiosk by the market."),
    chunk("c", "s2", "The ferry crew eats fish soup on Sundays.", "chef"),
    chunk("orphan", "gone", "A ferry chunk of a source that was deleted."),
  ];
  const index = new ChunkIndex(sources, chunks);

  it("returns the best chunks with their source names, scored relative to the best", async () => {
    const hits = await index.search({ agentId: null, text: "When does the ferry leave on Sundays?", limit: 5 });
    expect(hits[0]).toEqual({ chunkId: "a", sourceId: "s1", source: "Ferries.pdf", text: chunks[0]?.text, score: 1 });
    expect(hits.map((h) => h.chunkId)).toEqual(["a", "b"]);
    expect(hits[1]?.score).toBeLessThan(1);
    expect(index.size).toBe(3);
  });

  it("shows an agent's own chunks to that agent only, and honours the limit", () => {
    expect(
      index
        .searchNow("chef", "ferry Sundays", 5)
        .map((h) => h.chunkId)
        .sort(),
    ).toEqual(["a", "b", "c"]);
    expect(index.searchNow("chef", "ferry Sundays", 1)).toHaveLength(1);
    expect(index.searchNow("waiter", "fish soup", 5)).toEqual([]);
    expect(index.searchNow(null, "ferry", 0)).toEqual([]);
  });

  it("keeps the rarest terms of a long query, in their written form", () => {
    const common = Array.from({ length: 40 }, (_, i) => chunk(`x${i}`, "s1", `ferry timetable number ${i}`));
    const filler = Array.from({ length: 20 }, (_, i) => `word${i}`).join(" ");
    // Each filler word is in 2 chunks, "ferry" and "timetable" in 40, "kiosk" in 1; "unheard" in none.
    const fillers = [chunk("f1", "s1", filler), chunk("f2", "s1", filler)];
    const big = new ChunkIndex(sources, [...common, ...fillers, chunk("k", "s1", "The kiosk sells tickets.")]);
    const focused = big.focus(`unheard ferry timetable kiosk ${filler}`).split(" ");
    expect(focused).toHaveLength(MAX_QUERY_TERMS);
    expect(focused[0]).toBe("kiosk");
    expect(focused).not.toContain("ferry");
    expect(focused).not.toContain("unheard");
    expect(big.focus("short query stays")).toBe("short query stays");
    // The chunk with the one rare word is still found by the long query.
    expect(big.searchNow(null, `Which kiosk? ${filler} ferry timetable`, 3).map((h) => h.chunkId)).toContain("k");
  });
});
