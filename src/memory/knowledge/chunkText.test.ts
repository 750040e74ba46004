import { describe, expect, it } from "vitest";
import { CHUNK_OVERLAP, CHUNK_SIZE, chunkText, joinChunks } from "./chunkText";

const sentence = (i: number) => `Sentence number ${i} talks about tides and turbines in some detail.`;

describe("chunkText", () => {
  it("keeps a short text in one chunk, and leaves out an empty one", () => {
    expect(chunkText("Just one line.")).toEqual([{ text: "Just one line.", start: 0, end: 14 }]);
    expect(chunkText("   \n ")).toEqual([]);
  });

  it("gives chunks that are exact slices of the text, at most size long, overlapping, and covering all of it", () => {
    const text = Array.from({ length: 120 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkText(text);
    expect(chunks.length).toBeGreaterThan(5);
    for (const [i, c] of chunks.entries()) {
      expect(c.text).toBe(text.slice(c.start, c.end));
      expect(c.text.length).toBeLessThanOrEqual(CHUNK_SIZE);
      const prev = chunks[i - 1];
      if (prev) {
        expect(c.start).toBeLessThan(prev.end);
        expect(prev.end - c.start).toBeLessThanOrEqual(CHUNK_OVERLAP);
      }
    }
    expect(chunks[0]?.start).toBe(0);
    expect(chunks.at(-1)?.end).toBe(text.length);
    expect(joinChunks(chunks)).toBe(text);
  });

  it("cuts after a sentence and starts the next chunk at a sentence, not mid-word", () => {
    const text = Array.from({ length: 60 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkText(text);
    for (const c of chunks.slice(0, -1)) expect(c.text).toMatch(/\.\s$/);
    for (const c of chunks.slice(1)) expect(c.text).toMatch(/^Sentence number \d+/);
  });

  it("prefers a paragraph break over a later sentence end", () => {
    const first = `${"A".repeat(300)}. First paragraph ends here.`;
    const second = Array.from({ length: 20 }, (_, i) => sentence(i)).join(" ");
    const text = `${first} More words.\n\n${second}`;
    const [a, b] = chunkText(text, 600, 100);
    expect(a?.text.endsWith("\n\n")).toBe(true);
    // The overlap reaches back to the start of the last sentence before the cut.
    expect(b?.text.startsWith("First paragraph ends here. More words.\n\nSentence number 0")).toBe(true);
  });

  it("keeps lines whole (CSV rows) when the window has line breaks", () => {
    const rows = Array.from({ length: 80 }, (_, i) => `name: Item ${i}; price: ${i * 3} EUR; colour: blue`);
    const chunks = chunkText(rows.join("\n"), 500, 80);
    for (const c of chunks) for (const line of c.text.trim().split("\n")) expect(rows).toContain(line);
  });

  it("cuts a text without spaces at the size exactly, with the overlap", () => {
    const text = "x".repeat(2500);
    const chunks = chunkText(text, 1000, 150);
    expect(chunks.map((c) => [c.start, c.end])).toEqual([
      [0, 1000],
      [850, 1850],
      [1700, 2500],
    ]);
    expect(joinChunks(chunks)).toBe(text);
  });

  it("refuses an overlap as large as the chunk", () => {
    expect(() => chunkText("abc", 100, 100)).toThrow(/overlap \(100\).*size \(100\)/);
  });
});
