import { describe, expect, it } from "vitest";
import { BuiltinToolHost } from "./BuiltinToolHost";
import { RunFileSpace } from "./RunFileSpace";
import { normalizeRunPath } from "./runPath";
import { builtinTool, toolContext } from "./testSupport";

const host = new BuiltinToolHost();
const readFile = builtinTool("read_file");
const writeFile = builtinTool("write_file");

describe("normalizeRunPath", () => {
  it.each([
    ["notes.md", "notes.md"],
    ["./notes/summary.md", "notes/summary.md"],
    ["notes//draft/../summary.md", "notes/summary.md"],
    ["notes\\summary.md", "notes/summary.md"],
    ["  report.txt  ", "report.txt"],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeRunPath(raw)).toBe(expected);
  });

  it.each([
    ["/etc/passwd", "is an absolute path"],
    ["~/secrets", "is an absolute path"],
    ["C:\\Windows\\win.ini", "is an absolute path"],
    ["file:///etc/passwd", "is an absolute path"],
    ["../outside.txt", "points outside the run's files"],
    ["notes/../../outside.txt", "points outside the run's files"],
    ["notes/..", "names a folder, not a file"],
    [".", "names a folder, not a file"],
    ["", "the path is empty"],
    ["a\u0000b", "contains control characters"],
    ["x/".repeat(200), "longer than 255 characters"],
  ])("refuses %j", (raw, message) => {
    expect(() => normalizeRunPath(raw)).toThrow(message);
  });
});

describe("RunFileSpace", () => {
  it("stores files under normalised paths and exports them sorted", () => {
    const files = new RunFileSpace({ "b.md": "B" });
    files.write("./notes/a.md", "A");
    expect(files.read("notes/a.md")).toBe("A");
    expect(files.read("missing.md")).toBeUndefined();
    expect(files.list()).toEqual(["b.md", "notes/a.md"]);
    expect(JSON.stringify(files)).toBe('{"b.md":"B","notes/a.md":"A"}');
    expect(new RunFileSpace(files.toJSON()).toJSON()).toEqual(files.toJSON());
  });

  it("keeps odd names as plain keys", () => {
    const files = new RunFileSpace();
    files.write("__proto__", "x");
    expect(files.toJSON()).toEqual(JSON.parse('{"__proto__":"x"}'));
    expect(Object.keys(files.toJSON())).toEqual(["__proto__"]);
  });

  it("refuses escaping paths", () => {
    const files = new RunFileSpace();
    expect(() => files.write("../x", "")).toThrow("run files: '../x' points outside the run's files");
    expect(() => files.read("/x")).toThrow("run files: '/x' is an absolute path");
  });
});

describe("read_file and write_file", () => {
  it("writes, replaces and reads back a file", async () => {
    const context = toolContext();
    expect(await host.invoke(writeFile, { path: "notes/summary.md", content: "# Hi" }, context)).toBe(
      "Wrote 4 characters to notes/summary.md.",
    );
    expect(await host.invoke(writeFile, { path: "./notes/summary.md", content: "# Hello" }, context)).toBe(
      "Wrote 7 characters to notes/summary.md (replaced the previous content).",
    );
    expect(await host.invoke(readFile, { path: "notes/summary.md" }, context)).toBe("# Hello");
    expect(context.files.toJSON()).toEqual({ "notes/summary.md": "# Hello" });
  });

  it("says so for an empty file and caps long ones", async () => {
    const context = toolContext(new RunFileSpace({ "empty.txt": "", "long.txt": "x".repeat(50) }));
    expect(await host.invoke(readFile, { path: "empty.txt" }, context)).toBe("(empty.txt is empty)");
    expect(await host.invoke(builtinTool("read_file", { maxChars: 10 }), { path: "long.txt" }, context)).toBe(
      `${"x".repeat(10)}\n\n[cut: showing the first 10 of 50 characters]`,
    );
  });

  it("lists the existing files when the wanted one is missing", async () => {
    await expect(host.invoke(readFile, { path: "a.md" }, toolContext())).rejects.toThrow(
      "read_file: there is no file 'a.md'; no files have been written in this run yet",
    );
    const context = toolContext(new RunFileSpace({ "notes/b.md": "", "c.txt": "" }));
    await expect(host.invoke(readFile, { path: "./a.md" }, context)).rejects.toThrow(
      "read_file: there is no file 'a.md'; the files are: c.txt, notes/b.md",
    );
  });

  it("refuses absolute paths and escapes, naming the tool", async () => {
    const context = toolContext();
    await expect(host.invoke(writeFile, { path: "../../etc/passwd", content: "x" }, context)).rejects.toThrow(
      "write_file: '../../etc/passwd' points outside the run's files",
    );
    await expect(host.invoke(readFile, { path: "/etc/passwd" }, context)).rejects.toThrow("read_file: '/etc/passwd' is an absolute path");
    expect(context.files.list()).toEqual([]);
  });
});
