import { describe, expect, it } from "vitest";
import { normalizeTerm, TextIndex } from "./TextIndex";

describe("TextIndex", () => {
  it("ranks the document with more of the query's words first and reports coverage", () => {
    const index = new TextIndex();
    index.addAll([
      { id: "a", text: "The quarterly report covers revenue in Europe." },
      { id: "b", text: "Revenue grew; the reports mention Asia and Europe revenue." },
      { id: "c", text: "Cats sleep most of the day." },
    ]);
    const hits = index.search("Europe revenue reporting");
    expect(hits.map((h) => h.id)).toEqual(["b", "a"]);
    expect(hits[0]?.coverage).toBe(1);
  });

  it("replaces a document added again under its id, removes and filters", () => {
    const index = new TextIndex();
    index.addAll([{ id: "a", text: "apples" }]);
    index.addAll([{ id: "a", text: "pears" }]);
    expect(index.size).toBe(1);
    expect(index.search("apples")).toEqual([]);
    index.addAll([{ id: "b", text: "pears again" }]);
    expect(index.search("pears", (id) => id === "b").map((h) => h.id)).toEqual(["b"]);
    index.remove("a");
    expect(index.search("pears").map((h) => h.id)).toEqual(["b"]);
  });

  it("drops stop words and strips common endings", () => {
    expect(normalizeTerm("The")).toBeNull();
    expect(normalizeTerm("Reports")).toBe("report");
    expect(normalizeTerm("studies")).toBe("study");
    expect(new TextIndex().search("the and of")).toEqual([]);
  });
});
