import { build, type Rolldown } from "vite";
import { describe, expect, it } from "vitest";

// The engine, its providers and tools must bundle for the browser as they are: no Node built-ins anywhere.
describe("browser bundle of the engine", () => {
  it("builds src/engine, src/llm and src/tools for the browser without Node modules", async () => {
    const result = (await build({
      logLevel: "silent",
      configFile: false,
      build: {
        write: false,
        lib: { entry: { engine: "src/engine/index.ts", llm: "src/llm/index.ts", tools: "src/tools/index.ts" }, formats: ["es"] },
        rolldownOptions: { external: [] },
      },
    })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
    const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
    const code = outputs.map((o) => ("code" in o ? o.code : "")).join("\n");
    expect(code.length).toBeGreaterThan(1000);
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:|from\s*["'](fs|path|http|child_process)["']/);
    expect(code).toContain("chat/completions");
  }, 60_000);
});
