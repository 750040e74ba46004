import { describe, expect, it } from "vitest";
import type { DownloadProgress, Endpoint, LocalModel, ModelHost, WebGpuSupport } from "../model";
import { testAgent, testCrew, testTask } from "../model/testCrews";
import { createAppStore } from "./createAppStore";
import { NO_ENDPOINT_BLOCKER, needsEndpoint } from "./modelsSlice";
import type { Runner, RunRequest } from "./runSlice";
import { MemoryRepository } from "./testing/MemoryRepository";

const small: LocalModel = {
  id: "Small-1B",
  label: "Small 1B",
  downloadMB: 100,
  vramMB: 900,
  recommended: true,
  nativeTools: false,
  f16: false,
};
const big: LocalModel = { id: "Big-7B", label: "Big 7B", downloadMB: 4000, vramMB: 5000, recommended: false, nativeTools: true, f16: true };

/** A host whose downloads advance only when the test says so. */
class StepHost implements ModelHost {
  cache = new Map<string, number>();
  removed: string[] = [];
  failDownload: Error | null = null;
  private pending: { report: (p: DownloadProgress) => void; finish: () => void; model: LocalModel } | null = null;
  constructor(private readonly answer: WebGpuSupport) {}
  async support() {
    return this.answer;
  }
  async catalog(support: WebGpuSupport) {
    return [big, small].filter((m) => support.f16 || !m.f16);
  }
  download(model: LocalModel, onProgress: (p: DownloadProgress) => void, signal: AbortSignal) {
    return new Promise<void>((resolve, reject) => {
      if (this.failDownload) return reject(this.failDownload);
      signal.addEventListener("abort", () => reject(signal.reason));
      this.pending = {
        model,
        report: onProgress,
        finish: () => {
          this.cache.set(model.id, model.downloadMB * 1_000_000);
          resolve();
        },
      };
    });
  }
  step(fraction: number) {
    const p = this.pending;
    if (!p) throw new Error("StepHost: no download going");
    const totalMB = p.model.downloadMB;
    p.report({ modelId: p.model.id, fraction, loadedMB: totalMB * fraction, totalMB, mbPerSecond: 12.5, text: "" });
    if (fraction >= 1) p.finish();
  }
  async cached() {
    return [...this.cache].map(([modelId, bytes]) => ({ modelId, bytes }));
  }
  async remove(modelId: string) {
    this.removed.push(modelId);
    this.cache.delete(modelId);
  }
}

function rig(support: WebGpuSupport, repository = new MemoryRepository()) {
  const host = new StepHost(support);
  const store = createAppStore({ repository, now: () => 0, newId: () => "x", modelHost: host });
  return { host, store, s: () => store.getState(), repository };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("models slice", () => {
  it("without WebGPU reports the reason and lists no models", async () => {
    const { s } = rig({ available: false, f16: false, reason: "no navigator.gpu", advice: "use Chrome 113+" });
    const support = await s().checkModels();
    expect(support.reason).toBe("no navigator.gpu");
    expect(s().modelSupport?.advice).toBe("use Chrome 113+");
    expect(s().modelCatalog).toEqual([]);
  });

  it("with f32-only WebGPU lists only f32 builds; with f16 lists recommended models first", async () => {
    const f32 = rig({ available: true, f16: false });
    await f32.s().checkModels();
    expect(f32.s().modelCatalog.map((m) => m.id)).toEqual(["Small-1B"]);
    const f16 = rig({ available: true, f16: true });
    await f16.s().checkModels();
    expect(f16.s().modelCatalog.map((m) => m.id)).toEqual(["Small-1B", "Big-7B"]);
  });

  it("without a host says in-browser models are unavailable in this build", async () => {
    const store = createAppStore({ repository: new MemoryRepository(), now: () => 0, newId: () => "x" });
    expect((await store.getState().checkModels()).reason).toMatch(/not available in this build/);
    expect(await store.getState().downloadModel("Small-1B")).toBe(false);
  });

  it("shows download progress, then lists the model in the cache with its size", async () => {
    const { host, s } = rig({ available: true, f16: true });
    await s().checkModels();
    const done = s().downloadModel("Small-1B");
    await tick();
    expect(s().downloads["Small-1B"]?.fraction).toBe(0);
    host.step(0.4);
    expect(s().downloads["Small-1B"]).toMatchObject({ fraction: 0.4, loadedMB: 40, totalMB: 100, mbPerSecond: 12.5 });
    host.step(1);
    expect(await done).toBe(true);
    expect(s().downloads).toEqual({});
    expect(s().cachedModels).toEqual([{ modelId: "Small-1B", bytes: 100_000_000 }]);
    expect(s().toasts.map((t) => t.message)).toContain("Small 1B is ready on this device");
  });

  it("cancel stops the download without an error and leaves the cache empty", async () => {
    const { host, s } = rig({ available: true, f16: true });
    await s().checkModels();
    const done = s().downloadModel("Big-7B");
    await tick();
    host.step(0.2);
    s().cancelDownload("Big-7B");
    expect(await done).toBe(false);
    expect(s().downloads).toEqual({});
    expect(s().modelsError).toBeNull();
    expect(s().cachedModels).toEqual([]);
  });

  it("names the model when a download fails or the model is unknown", async () => {
    const { host, s } = rig({ available: true, f16: true });
    await s().checkModels();
    host.failDownload = new Error("HTTP 404 for ndarray-cache.json");
    expect(await s().downloadModel("Small-1B")).toBe(false);
    expect(s().modelsError).toBe("Download of Small-1B failed: HTTP 404 for ndarray-cache.json");
    expect(await s().downloadModel("Nope")).toBe(false);
    expect(s().modelsError).toBe('Model "Nope" is not in the catalog');
  });

  it("deletes a cached model", async () => {
    const { host, s } = rig({ available: true, f16: true });
    host.cache.set("Big-7B", 4e9);
    host.cache.set("Small-1B", 1e8);
    await s().checkModels();
    expect(s().cachedModels.map((c) => c.modelId)).toEqual(["Big-7B", "Small-1B"]);
    await s().removeCachedModel("Big-7B");
    expect(host.removed).toEqual(["Big-7B"]);
    expect(s().cachedModels).toEqual([{ modelId: "Small-1B", bytes: 1e8 }]);
  });

  it("validates custom models and keeps them on the device", async () => {
    const repository = new MemoryRepository();
    const { s } = rig({ available: true, f16: true }, repository);
    await s().checkModels();
    const entry = { id: "My-3B-q4f32_1", modelUrl: "http://nas.local/my-3b/", libUrl: "http://nas.local/my-3b/lib.wasm" };
    expect(s().addCustomModel({ ...entry, modelUrl: "nas.local" })).toBe('model URL is not a URL: "nas.local"');
    expect(s().addCustomModel({ ...entry, libUrl: "http://nas.local/lib.js" })).toMatch(/\.wasm/);
    expect(s().addCustomModel({ ...entry, id: "Small-1B" })).toMatch(/already in the catalog/);
    expect(s().addCustomModel(entry)).toBeNull();
    expect(s().modelCatalog.at(-1)).toMatchObject({ id: "My-3B-q4f32_1", custom: { modelUrl: entry.modelUrl, libUrl: entry.libUrl } });
    await tick();
    const again = rig({ available: true, f16: true }, repository);
    await again.s().checkModels();
    expect(again.s().modelCatalog.map((m) => m.id)).toContain("My-3B-q4f32_1");
  });

  it("remembers only the first device model choice, and gives the crew a local default model", async () => {
    const repository = new MemoryRepository();
    const { s } = rig({ available: true, f16: true }, repository);
    s().chooseDeviceModel({ kind: "webllm", modelId: "Small-1B" });
    s().chooseDeviceModel({ kind: "endpoint", preset: "openai" });
    expect(s().deviceModel).toEqual({ kind: "webllm", modelId: "Small-1B" });
    await tick();
    const again = rig({ available: true, f16: true }, repository);
    await again.s().loadDeviceModel();
    expect(again.s().deviceModel).toEqual({ kind: "webllm", modelId: "Small-1B" });

    s().applyCrew(testCrew({ agents: [testAgent("a1")], llms: [{ id: "local", provider: "openai-compatible", model: "m" }] }));
    s().setCrewLocalModel("Small-1B");
    expect(s().crew.llms.at(-1)).toEqual({ id: "local-2", provider: "webllm", model: "Small-1B", temperature: 0.7 });
    expect(s().crew.defaultLlm).toBe("local-2");
    s().setCrewLocalModel("Small-1B");
    expect(s().crew.llms).toHaveLength(2);
  });

  it("needs a saved endpoint only for remote models, or for no model when the device default is not in-browser", () => {
    const local = { id: "local", provider: "webllm" as const, model: "Small-1B" };
    const remote = { id: "api", provider: "openai-compatible" as const, model: "gpt-4.1" };
    const allLocal = testCrew({ agents: [testAgent("a1")], llms: [local], defaultLlm: "local" });
    const mixed = testCrew({ agents: [testAgent("a1"), testAgent("a2", { llm: "api" })], llms: [local, remote], defaultLlm: "local" });
    const none = testCrew({ agents: [testAgent("a1")] });
    expect(needsEndpoint(allLocal, null)).toBe(false);
    expect(needsEndpoint(mixed, null)).toBe(true);
    expect(needsEndpoint(none, null)).toBe(true);
    expect(needsEndpoint(none, { kind: "webllm", modelId: "Small-1B" })).toBe(false);
    expect(needsEndpoint({ ...allLocal, settings: { ...allLocal.settings, planning: true, planningLlm: "api" } }, null)).toBe(true);
    const { s } = rig({ available: true, f16: true });
    s().applyCrew(none);
    expect(s().runBlockers({})).toContain(NO_ENDPOINT_BLOCKER);
    s().setCrewLocalModel("Small-1B");
    expect(s().runBlockers({})).not.toContain(NO_ENDPOINT_BLOCKER);
  });

  it("blocks a run on an in-browser model only once the check found no WebGPU, and says why", async () => {
    const { s } = rig({ available: false, f16: false, reason: "no GPU adapter" });
    s().applyCrew(
      testCrew({
        agents: [testAgent("a1", { role: "Drafter" })],
        llms: [{ id: "local", provider: "webllm", model: "Small-1B" }],
        defaultLlm: "local",
      }),
    );
    const gpuBlockers = () =>
      s()
        .runBlockers({})
        .filter((b) => b.includes("in-browser"));
    expect(gpuBlockers()).toEqual([]);
    await s().checkModels();
    expect(gpuBlockers()).toEqual(["in-browser models cannot run in this browser (no GPU adapter): Drafter use one"]);
  });
});

describe("the device's first model choice in runs and batches", () => {
  /** A store whose runner records each run's request and ends it at once. */
  function runRig(endpoints: Endpoint[]) {
    const requests: RunRequest[] = [];
    let n = 0;
    const runner: Runner = (request, callbacks) => {
      requests.push(request);
      queueMicrotask(() => callbacks.onDone({ status: "completed", files: {} }));
      return { stop: () => {}, pause: () => {}, resume: () => {}, review: () => {} };
    };
    const store = createAppStore({
      repository: new MemoryRepository(),
      now: () => 0,
      newId: () => `id-${++n}`,
      runner,
      endpoints: { list: async () => endpoints, put: async () => undefined, remove: async () => undefined },
    });
    return { s: () => store.getState(), requests };
  }
  const noModelCrew = () =>
    testCrew({
      agents: [testAgent("a1"), testAgent("a2", { llm: "api" })],
      llms: [{ id: "api", provider: "openai-compatible", model: "gpt-4.1" }],
      tasks: [testTask("t1", { description: "About {topic}", agent: "a1" })],
    });

  it("runs batch rows of a crew that names no model on the in-browser model chosen first, as a single run does", async () => {
    const endpoint: Endpoint = {
      id: "ep",
      preset: "openai",
      name: "OpenAI",
      baseUrl: "https://api.openai.com/v1",
      model: "gpt-4.1",
      apiKey: "sk-test-1",
      createdAt: 0,
    };
    const { s, requests } = runRig([endpoint]);
    await s().refreshDevice();
    s().chooseDeviceModel({ kind: "webllm", modelId: "Small-1B" });
    s().applyCrew(noModelCrew());
    expect(s().startBatch([{ topic: "crabs" }, { topic: "kelp" }], 2)).toBeNull();
    await tick();
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      const byId = new Map(request.crew.llms.map((l) => [l.id, l]));
      // a1 named no model: it gets the device's choice; a2 keeps its own remote model.
      expect(byId.get(request.crew.agents[0]?.llm ?? request.crew.defaultLlm ?? "")).toMatchObject({
        provider: "webllm",
        model: "Small-1B",
      });
      expect(byId.get(request.crew.agents[1]?.llm ?? "")).toMatchObject({ provider: "openai-compatible" });
    }
    // The single run applies the very same rule (and once applied, nothing changes again).
    expect(s().applyDeviceModel()).toBeNull();
    expect(s().startRun({ topic: "snails" })).toBeNull();
    expect(requests[2]?.crew.llms).toEqual(requests[0]?.crew.llms);
  });

  it("leaves the crew alone when the first choice was an endpoint preset: rows use the device's default endpoint", async () => {
    const endpoint: Endpoint = {
      id: "ep",
      preset: "groq",
      name: "Groq",
      baseUrl: "https://api.groq.com/openai/v1",
      model: "llama",
      apiKey: "gsk-test-1",
      createdAt: 0,
    };
    const { s, requests } = runRig([endpoint]);
    await s().refreshDevice();
    s().chooseDeviceModel({ kind: "endpoint", preset: "groq" });
    s().applyCrew(noModelCrew());
    const before = s().crew;
    expect(s().startBatch([{ topic: "crabs" }], 1)).toBeNull();
    await tick();
    expect(s().crew).toBe(before);
    expect(requests[0]?.crew.llms.map((l) => l.provider)).toEqual(["openai-compatible"]);
    expect(requests[0]?.defaultEndpoint).toBe("ep");
  });
});
