import { describe, expect, it } from "vitest";
import { chunkText } from "./chunkText";
import { knowledgeTypeOf, parseSource } from "./parseSource";
import { nodePdfReader } from "./pdfNode";
import { preparer } from "./prepareSource";
import { minimalPdf } from "./testing/minimalPdf";

describe("parseSource", () => {
  it("reads the text of every page of a PDF, pages as paragraphs, reporting progress per page", async () => {
    const pdf = minimalPdf([["Tide tables (Porto)", "High water at 06:12"], ["Page two: the ferry leaves at 9."]]);
    const progress: number[] = [];
    const text = await parseSource({ name: "tides.pdf", type: "pdf", data: pdf }, nodePdfReader, (f) => progress.push(f));
    expect(text).toBe("Tide tables (Porto)\nHigh water at 06:12\n\nPage two: the ferry leaves at 9.");
    expect(progress).toEqual([0.5, 1, 1]);
  });

  it("names the file when a PDF cannot be read, or has no text", async () => {
    const broken = new TextEncoder().encode("%PDF-1.4\nnot really a pdf");
    await expect(parseSource({ name: "bad.pdf", type: "pdf", data: broken }, nodePdfReader)).rejects.toThrow(
      /^bad\.pdf: not a readable PDF/,
    );
    await expect(parseSource({ name: "blank.pdf", type: "pdf", data: minimalPdf([[]]) }, nodePdfReader)).rejects.toThrow(
      /^blank\.pdf: no text found \(a scanned PDF/,
    );
    await expect(parseSource({ name: "x.pdf", type: "pdf", data: minimalPdf([["a"]]) })).rejects.toThrow(
      /x\.pdf: PDF files cannot be read here/,
    );
  });

  it("turns CSV rows into 'header: value' lines, one row per line, skipping empty cells", async () => {
    const csv = '\uFEFFcity,country,note\r\nPorto,Portugal,"port wine,\nand bridges"\r\nLyon,France,\r\n\r\n';
    const text = await parseSource({ name: "cities.csv", type: "csv", data: new TextEncoder().encode(csv) });
    expect(text).toBe("city: Porto; country: Portugal; note: port wine, and bridges\ncity: Lyon; country: France");
    // A chunk boundary falls between rows, never inside one.
    const rows = Array.from({ length: 40 }, (_, i) => `${i},Name ${i},${"detail ".repeat(5)}`).join("\n");
    const long = await parseSource({ name: "rows.csv", type: "csv", data: `id,name,detail\n${rows}` });
    for (const chunk of chunkText(long, 400, 60)) expect(chunk.text.trim()).toMatch(/^id: \d+; name: Name \d+; detail: (detail ?)+$/m);
  });

  it("refuses a CSV without a header row and one with a broken quote, naming file and line", async () => {
    await expect(parseSource({ name: "empty.csv", type: "csv", data: "" })).rejects.toThrow(/^empty\.csv: the CSV file needs a header row/);
    await expect(parseSource({ name: "q.csv", type: "csv", data: 'a,b\n1,"open\n' })).rejects.toThrow(
      /^q\.csv: line 2: Quoted field unterminated/,
    );
  });

  it("flattens JSON into readable 'path: value' lines; list items are paragraphs", async () => {
    const json = JSON.stringify([
      { name: "Ana", skills: ["sql", "python"], team: { lead: "Rui" } },
      { name: "Bo", active: true },
    ]);
    expect(await parseSource({ name: "people.json", type: "json", data: json })).toBe(
      "[0].name: Ana\n[0].skills: sql, python\n[0].team.lead: Rui\n\n[1].name: Bo\n[1].active: true",
    );
    expect(await parseSource({ name: "one.json", type: "json", data: '{"a":{"b":[{"c":1}]}}' })).toBe("a.b[0].c: 1");
    await expect(parseSource({ name: "bad.json", type: "json", data: "{nope" })).rejects.toThrow(/^bad\.json: not valid JSON \(/);
  });

  it("normalises line ends and blank lines of text and Markdown", async () => {
    expect(await parseSource({ name: "n.md", type: "md", data: "# Title  \r\n\r\n\r\n\r\nBody\r\n" })).toBe("# Title\n\nBody");
    await expect(parseSource({ name: "Notes", type: "text", data: " \n " })).rejects.toThrow(/^Notes: no text found$/);
  });

  it("knows the file types it reads by extension", () => {
    expect(["a.TXT", "b.md", "c.markdown", "d.csv", "e.json", "f.pdf", "g.docx", "noext"].map(knowledgeTypeOf)).toEqual([
      "txt",
      "md",
      "md",
      "csv",
      "json",
      "pdf",
      null,
      null,
    ]);
  });

  it("refuses a source over the size limit before reading it", async () => {
    const prepare = preparer();
    await expect(prepare({ name: "huge.txt", type: "txt", data: new Uint8Array(21 * 1024 * 1024) }, () => {})).rejects.toThrow(
      /^huge\.txt: 21\.0 MB is over the 20 MB limit/,
    );
  });
});
