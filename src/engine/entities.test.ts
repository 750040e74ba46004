import { describe, expect, it } from "vitest";
import { extractEntities, splitSentences } from "./entities";
import { memoryDrafts } from "./memoryRecall";

const names = (text: string) => extractEntities(text).map((e) => e.name);

describe("extractEntities", () => {
  it("finds multi-word names, places and product-like tokens with the sentences about them", () => {
    const text =
      "Maria Silva runs the tour desk at Rossio Station. The Eiffel Tower is in Paris. " +
      "We benchmarked GPT-4 against the iPhone 15 and WebGPU builds. Maria Silva recommends trams.";
    const found = extractEntities(text);
    expect(found[0]).toMatchObject({ name: "Maria Silva", type: "name", mentions: 2 });
    expect(found[0]?.sentences).toEqual(["Maria Silva runs the tour desk at Rossio Station.", "Maria Silva recommends trams."]);
    expect(names(text)).toEqual(expect.arrayContaining(["Rossio Station", "Eiffel Tower", "Paris", "GPT-4", "WebGPU"]));
    expect(found.find((e) => e.name === "GPT-4")?.type).toBe("product");
    expect(names(text).some((n) => n.startsWith("iPhone"))).toBe(true);
  });

  it("leaves out sentence-initial common words, stop words, weekdays and headings", () => {
    const text =
      "# Day One Itinerary\nVisit the market early. However, it rains. On Monday, go to Lisbon. Then rest.\n- **Tip**: bring water.";
    expect(names(text)).toEqual(["Lisbon"]);
  });

  it("drops a lone capitalised word seen only at the start of sentences, keeps it when it appears mid-sentence", () => {
    expect(names("Trams are slow. Buses are fast.")).toEqual([]);
    expect(names("Porto is lovely. We loved Porto.")).toEqual(["Porto"]);
  });

  it("joins names with small words inside and strips possessives", () => {
    expect(names("We met the Bank of England team and Rio de Janeiro's mayor.")).toEqual(["Bank of England", "Rio de Janeiro"]);
  });

  it("keeps at most 12 entities, most mentioned first", () => {
    const text = `${Array.from({ length: 20 }, (_, i) => `We saw Place${String.fromCharCode(65 + i)}x here.`).join(" ")} PlaceTx again.`;
    const found = extractEntities(text);
    expect(found).toHaveLength(12);
    expect(found[0]?.name).toBe("PlaceTx");
  });

  it("splits Markdown into sentences without list markers or emphasis", () => {
    expect(splitSentences("1. **Go** to [Belém](http://x). Eat pastries!\n\n## Heading\n- Walk back.")).toEqual([
      "Go to Belém.",
      "Eat pastries!",
      "Walk back.",
    ]);
  });
});

describe("memoryDrafts", () => {
  it("yields short-term output, long-term result, weighty lessons and entity memories", () => {
    const drafts = memoryDrafts("run-1", {
      taskId: "t1",
      agentId: "a1",
      title: "Research",
      raw: "Ana Lopes says the Alfama district is the oldest. Ana Lopes guides tours.",
      lessons: ["cite sources", "cite sources"],
    });
    expect(drafts.map((d) => d.kind)).toEqual(["short-term", "long-term", "long-term", "entity", "entity"]);
    expect(drafts[1]?.text).toBe('Result of "Research": Ana Lopes says the Alfama district is the oldest. Ana Lopes guides tours.');
    expect(drafts[2]).toMatchObject({ text: 'Lesson for "Research": cite sources', importance: 0.9 });
    expect(drafts[3]).toMatchObject({ entity: { name: "Ana Lopes", type: "name" }, agentId: "a1", taskId: "t1", runId: "run-1" });
    expect(drafts[3]?.importance).toBeCloseTo(0.6);
    expect(drafts[4]?.entity?.name).toBe("Alfama");
    expect(memoryDrafts("r", { taskId: "t", agentId: null, title: "x", raw: "  ", lessons: [] })).toEqual([]);
  });
});
