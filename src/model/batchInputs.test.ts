import { describe, expect, it } from "vitest";
import { completeRow, readCsvRows, readJsonRows, readRowsFile, rowProblems } from "./batchInputs";

const NAMES = ["topic", "audience"];

describe("readCsvRows", () => {
  it("reads a header and rows, with quoted commas and line breaks, semicolons and a byte-order mark", () => {
    expect(readCsvRows('topic,audience\ncrabs,kids\n"kelp, green","adults\nand teens"\n\n', NAMES)).toEqual({
      rows: [
        { topic: "crabs", audience: "kids" },
        { topic: "kelp, green", audience: "adults\nand teens" },
      ],
      problems: [],
    });
    expect(readCsvRows("\uFEFFtopic;audience\ncrabs;kids", NAMES).rows).toEqual([{ topic: "crabs", audience: "kids" }]);
  });

  it("reads a one-column file (no delimiter to detect) without a problem", () => {
    expect(readCsvRows("topic\ncrabs\nsnails\nkelp\n", ["topic"])).toEqual({
      rows: [{ topic: "crabs" }, { topic: "snails" }, { topic: "kelp" }],
      problems: [],
    });
  });

  it("names the row with too few or too many fields, and the column that is not an input", () => {
    const read = readCsvRows("topic, audiense\ncrabs,kids\nsnails\nkelp,adults,extra\n", NAMES);
    expect(read.problems).toEqual([
      'column "audiense" is not an input of this crew (its inputs: topic, audience)',
      "row 2: fewer fields than the header's 2",
      "row 3: more fields than the header's 2",
    ]);
    expect(read.rows[0]).toEqual({ topic: "crabs" });
  });

  it("says when there is no header or no data row, or a quote is never closed", () => {
    expect(readCsvRows("", NAMES).problems).toEqual(["no header row: the first line names the inputs"]);
    expect(readCsvRows("topic\n", NAMES).problems).toEqual(["no rows: the CSV has a header but no data rows"]);
    expect(readCsvRows('topic,audience\n"crabs,kids\n', NAMES).problems.join("\n")).toMatch(/quoted field is not closed/);
  });
});

describe("readJsonRows", () => {
  it("reads an array of objects; numbers and booleans become text", () => {
    expect(readJsonRows('[{"topic": "crabs", "audience": 7}, {"topic": true}]', NAMES)).toEqual({
      rows: [{ topic: "crabs", audience: "7" }, { topic: "true" }],
      problems: [],
    });
  });

  it("names each row and key that is wrong, and unknown keys once", () => {
    const read = readJsonRows('[{"topic": {"a": 1}}, "crabs", {"topik": "x"}, {"topik": "y", "audience": null}]', NAMES);
    expect(read.problems).toEqual([
      'column "topik" is not an input of this crew (its inputs: topic, audience)',
      'row 1, "topic": expected text, got an object',
      "row 2: expected an object of inputs, got a string",
      'row 4, "audience": expected text, got null',
    ]);
  });

  it("refuses text that is not JSON or not an array", () => {
    expect(readJsonRows("[{", NAMES).problems[0]).toMatch(/^not valid JSON: /);
    expect(readJsonRows('{"topic": "crabs"}', NAMES).problems).toEqual([
      'expected an array of objects, one per run, like [{"topic": "…"}]',
    ]);
    expect(readJsonRows("[]", NAMES).problems).toEqual(["no rows: the array is empty"]);
  });
});

describe("rows and defaults", () => {
  it("fills empty or missing inputs from the crew's defaults and names rows that still miss one", () => {
    const defaults = { audience: "everyone" };
    expect(completeRow({ topic: "crabs", audience: " " }, NAMES, defaults)).toEqual({ topic: "crabs", audience: "everyone" });
    expect(rowProblems([{ topic: "crabs" }, { audience: "kids" }, {}], NAMES, defaults)).toEqual([
      "row 2: no value for {topic}",
      "row 3: no value for {topic}",
    ]);
    expect(rowProblems([{}], NAMES, {})).toEqual(["row 1: no value for {topic}, {audience}"]);
    expect(rowProblems([], NAMES, {})).toEqual(["no rows: add at least one"]);
  });

  it("reads a file as CSV or JSON by its name", () => {
    expect(readRowsFile("topic\ncrabs", "rows.csv", NAMES).rows).toEqual([{ topic: "crabs" }]);
    expect(readRowsFile('[{"topic": "crabs"}]', "rows.json", NAMES).rows).toEqual([{ topic: "crabs" }]);
  });
});
