import type * as WebLlm from "@mlc-ai/web-llm";
import { describe, expect, it } from "vitest";
import type { MlcEngineLike } from "./mlcTypes";
import type { WebLlmModule } from "./webllmModule";

// Type-only imports are erased, so this file never loads web-llm; `tsc` checks that the interfaces this adapter declares
// (and its fakes implement) are ones the real package satisfies, so the cast in loadWebLlm() hides no mismatch.
type Assignable<From, To> = [From] extends [To] ? true : false;

describe("web-llm's real types match the slices declared here", () => {
  it("MLCEngine and WebWorkerMLCEngine implement MlcEngineLike", () => {
    const engine: Assignable<WebLlm.MLCEngine, MlcEngineLike> = true;
    const workerEngine: Assignable<WebLlm.WebWorkerMLCEngine, MlcEngineLike> = true;
    expect([engine, workerEngine]).toEqual([true, true]);
  });

  it("the module provides everything WebLlmModule names", () => {
    const module: Assignable<typeof WebLlm, WebLlmModule> = true;
    expect(module).toBe(true);
  });
});
