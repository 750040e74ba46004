import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

let probes = 0;

/** Lints `source` as if it lived at `path` (a short-lived probe file there) and returns Biome's diagnostics. */
function lint(path: string, source: string): { ok: boolean; output: string } {
  // Biome's stdin mode prints no diagnostics, so the probe has to exist where the rule's path glob looks.
  const file = path.replace(/\.ts$/, `.__probe${process.pid}_${probes++}.ts`);
  writeFileSync(file, source);
  try {
    // The binary itself, not npx: npx adds a second of start-up to each probe on a busy machine.
    const output = execFileSync("node_modules/.bin/biome", ["lint", "--max-diagnostics=50", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  } finally {
    rmSync(file, { force: true });
  }
}

// Each probe starts Biome; on a loaded CI machine that can take seconds.
describe("import boundaries (lint)", { timeout: 30_000 }, () => {
  it.each([
    ["src/engine/probe.ts", 'import { useState } from "react";\nexport const x = useState;\n', "pure TypeScript"],
    ["src/engine/probe.ts", 'import Dexie from "dexie";\nexport const x = Dexie;\n', "pure TypeScript"],
    ["src/model/probe.ts", 'import { CreateMLCEngine } from "@mlc-ai/web-llm";\nexport const x = CreateMLCEngine;\n', "pure TypeScript"],
    [
      "src/engine/probe.ts",
      'import { createStore } from "../store/createAppStore";\nexport const x = createStore;\n',
      "Imports only point down",
    ],
    ["src/engine/probe.ts", "export const href = () => window.location.href;\n", "no DOM"],
    ["src/model/probe.ts", "export const open = () => indexedDB.open('x');\n", "src/persistence"],
    [
      "src/panels/Probe.ts",
      'import { createCrewRepository } from "../persistence";\nexport const x = createCrewRepository;\n',
      "never import adapters",
    ],
    ["src/canvas/Probe.ts", 'import { App } from "../app/App";\nexport const x = App;\n', "src/app and src/cli sit on top"],
  ])("refuses %s importing across a boundary (%#)", (path, source, message) => {
    const result = lint(path, source);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(message);
  });

  it("allows the permitted direction", () => {
    expect(lint("src/engine/probe.ts", 'import { CrewSchema } from "../model";\nexport const x = CrewSchema;\n').ok).toBe(true);
    expect(
      lint("src/app/probe.ts", 'import { createCrewRepository } from "../persistence";\nexport const x = createCrewRepository;\n').ok,
    ).toBe(true);
  });
});
