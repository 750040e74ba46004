import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { serializeCrew } from "../model";
import { TEMPLATES } from "../model/templates";

const run = promisify(execFile);

describe("the crewdeck executable", () => {
  it("runs from a checkout through npx with no build step", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crewdeck-bin-"));
    const file = join(dir, "trip.crew.json");
    writeFileSync(file, serializeCrew((TEMPLATES[2] ?? TEMPLATES[0])?.crew as never));
    const ok = await run("npx", ["crewdeck", "validate", file], { cwd: process.cwd() });
    expect(ok.stdout).toContain("valid");
    const bad = await run("npx", ["crewdeck", "frobnicate"], { cwd: process.cwd() }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('unknown command "frobnicate"');
  }, 60_000);
});
