import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// web-llm is about 6 MB: it must never be bundled into a chunk. It is only ever imported at run time from the URL of its
// own prebuilt file (`?url`, one hashed asset that the page and both workers share), so it stays out of the first chunk.
const SRC = join(import.meta.dirname, "..", "..");
const STATIC = /^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s*["']@mlc-ai\/web-llm(?:\/[^"'?]*)?["']|^\s*import\s*["']@mlc-ai\/web-llm/m;
const DYNAMIC = /import\(\s*["']@mlc-ai\/web-llm/;
const AS_URL = /from\s*["']@mlc-ai\/web-llm\/lib\/index\.js\?url["']/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("web-llm stays out of the initial bundle", () => {
  const files = sources(SRC).map((path) => ({ path: path.slice(SRC.length + 1), text: readFileSync(path, "utf8") }));

  it("is never imported statically anywhere in src, nor bundled through a dynamic import", () => {
    expect(files.filter((f) => STATIC.test(f.text) || DYNAMIC.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it("is loaded from its own file's URL, in the web-llm adapter only", () => {
    expect(files.filter((f) => AS_URL.test(f.text)).map((f) => f.path)).toEqual(["llm/webllm/webllmModule.ts"]);
  });

  it("the check itself recognises a static import", () => {
    expect(STATIC.test('import { CreateMLCEngine } from "@mlc-ai/web-llm";')).toBe(true);
    expect(STATIC.test('import * as webllm from "@mlc-ai/web-llm";')).toBe(true);
    expect(STATIC.test('import type { MLCEngine } from "@mlc-ai/web-llm";')).toBe(false);
    expect(STATIC.test('import { MLCEngine } from "@mlc-ai/web-llm/lib/index.js";')).toBe(true);
    expect(STATIC.test('import url from "@mlc-ai/web-llm/lib/index.js?url";')).toBe(false);
    expect(DYNAMIC.test('await import("@mlc-ai/web-llm")')).toBe(true);
  });
});
