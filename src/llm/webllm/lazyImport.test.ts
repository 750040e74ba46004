import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// web-llm is about 6 MB: it must only ever be imported with `await import(...)`, so Vite keeps it out of the first chunk.
const SRC = join(import.meta.dirname, "..", "..");
const STATIC = /^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s*["']@mlc-ai\/web-llm["']|^\s*import\s*["']@mlc-ai\/web-llm["']/m;
const DYNAMIC = /import\(\s*["']@mlc-ai\/web-llm["']\s*\)/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("web-llm stays out of the initial bundle", () => {
  const files = sources(SRC).map((path) => ({ path: path.slice(SRC.length + 1), text: readFileSync(path, "utf8") }));

  it("is never imported statically anywhere in src", () => {
    expect(files.filter((f) => STATIC.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it("is loaded with dynamic imports only, in the web-llm adapter", () => {
    expect(
      files
        .filter((f) => DYNAMIC.test(f.text))
        .map((f) => f.path)
        .sort(),
    ).toEqual(["llm/webllm/mlcWorker.ts", "llm/webllm/webllmModule.ts"]);
  });

  it("the check itself recognises a static import", () => {
    expect(STATIC.test('import { CreateMLCEngine } from "@mlc-ai/web-llm";')).toBe(true);
    expect(STATIC.test('import * as webllm from "@mlc-ai/web-llm";')).toBe(true);
    expect(STATIC.test('import type { MLCEngine } from "@mlc-ai/web-llm";')).toBe(false);
  });
});
