import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseReact } from "../../engine/react";
import { ebnfString, reactGrammar } from "./reactGrammar";

/** The slice of XGrammar (bundled inside web-llm) these tests use: its EBNF parser and a string matcher. */
interface XGrammar {
  Grammar: { fromEBNF(ebnf: string, root?: string): Promise<unknown> };
  Testings: { isGrammarAcceptString(grammar: unknown, input: string): Promise<boolean> };
}

// web-llm bundles XGrammar without exporting it. To check our grammar with the very parser and matcher web-llm compiles
// it with, a copy of web-llm's bundle is imported with one export added (and the Node `createRequire` its Emscripten
// loader expects). If web-llm's bundle layout changes, this fails loudly here rather than silently passing.
let dir = "";
let xgrammar: XGrammar;
beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const bundlePath = join(require.resolve("@mlc-ai/web-llm"), "..", "index.js");
  const bundle = readFileSync(bundlePath, "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "");
  if (!/^var libExports\$1 = requireLib\$1\(\);$/m.test(bundle))
    throw new Error(`reactGrammar.test: XGrammar's module is no longer "libExports$1" in ${bundlePath}; update this test`);
  dir = mkdtempSync(join(tmpdir(), "crewdeck-xgrammar-"));
  const copy = join(dir, "webllm.mjs");
  writeFileSync(copy, `import { createRequire } from "node:module";\n${bundle}\nexport { libExports$1 as xgrammar };\n`);
  // The loader resolves its own folder from `location` once, when XGrammar first starts.
  const hadLocation = "location" in globalThis;
  if (!hadLocation) Object.assign(globalThis, { location: { href: pathToFileURL(copy).href } });
  try {
    xgrammar = ((await import(/* @vite-ignore */ pathToFileURL(copy).href)) as { xgrammar: XGrammar }).xgrammar;
    await xgrammar.Grammar.fromEBNF('root ::= "ok"');
  } finally {
    if (!hadLocation) Reflect.deleteProperty(globalThis, "location");
  }
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function accepts(grammar: string, reply: string): Promise<boolean> {
  return xgrammar.Testings.isGrammarAcceptString(await xgrammar.Grammar.fromEBNF(grammar), reply);
}

describe("reactGrammar", () => {
  it("offers exactly the given tools, escaped as EBNF literals, each followed by a JSON object rule", () => {
    const grammar = reactGrammar(["web_search", 'say "hi"', "back\\slash"]);
    expect(grammar).toContain(String.raw`tool ::= "web_search" | "say \"hi\"" | "back\\slash"`);
    expect(grammar).toContain(String.raw`action ::= "Action: " tool "\n" "Action Input: " object`);
    expect(grammar).toMatch(/^object ::= "\{" ws \(member/m);
    expect(ebnfString("a\nb\u0001")).toBe(String.raw`"a\nb\x01"`);
  });

  it("is valid for web-llm's grammar parser and accepts only replies the engine can read", async () => {
    const grammar = reactGrammar(["web_search", 'say "hi"', "café"]);
    const good = [
      'Thought: look it up\nAction: web_search\nAction Input: {"query": "webgpu", "n": [1, -2.5e3, true, null, {"a": "\\u00e9\\n"}]}',
      'Thought: greet\nAction: say "hi"\nAction Input: {}',
      'Thought: ok\nAction: café\nAction Input: {\n  "x": "y"\n}',
      "Thought: I know the final answer\nFinal Answer: two lines\nof answer ✓",
    ];
    for (const reply of good) {
      expect(await accepts(grammar, reply), reply).toBe(true);
      expect(parseReact(reply).kind, reply).not.toBe("error");
    }
    const bad = [
      "Thought: hmm\nAction: other_tool\nAction Input: {}",
      'Thought: hmm\nAction: web_search\nAction Input: "webgpu"',
      "Thought: hmm\nAction: web_search\nAction Input: {} and more",
      "Thought: hmm\nAction: web_search\nAction Input: {'q': 1}",
      "Final Answer: no thought first",
      "Just prose.",
    ];
    for (const reply of bad) expect(await accepts(grammar, reply), reply).toBe(false);
  });

  it("with no tools allows only a final answer", async () => {
    const grammar = reactGrammar([]);
    expect(grammar).not.toContain("Action");
    expect(await accepts(grammar, "Thought: done\nFinal Answer: 42")).toBe(true);
    expect(await accepts(grammar, "Thought: one more\nAction: web_search\nAction Input: {}")).toBe(false);
  });
});
