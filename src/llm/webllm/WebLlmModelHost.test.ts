import { describe, expect, it } from "vitest";
import type { DownloadProgress, LocalModel, ModelHost } from "../../model";
import { gpuTurn } from "./gpuLock";
import type { MlcProgress } from "./mlcTypes";
import { FakeLocks } from "./testing/FakeLocks";
import { FakeMlcEngine } from "./testing/FakeMlcEngine";
import { WebLlmModelHost } from "./WebLlmModelHost";
import type { AppConfigLike, WebLlmModule } from "./webllmModule";

const HF = "https://huggingface.co/mlc-ai";
const QWEN: LocalModel = {
  id: "Qwen2.5-0.5B-Instruct-q4f16_1-MLC",
  label: "Qwen",
  downloadMB: 300,
  vramMB: 945,
  recommended: true,
  nativeTools: false,
  f16: true,
};
const MINE: LocalModel = {
  ...QWEN,
  id: "my-model",
  custom: { modelUrl: "https://example.org/my-model", libUrl: "https://example.org/my.wasm" },
};

function fakeModule(load: (report: (r: MlcProgress) => void, worker: Worker) => Promise<void>) {
  const calls: { fn: string; modelId: string; appConfig?: AppConfigLike }[] = [];
  const module: WebLlmModule = {
    prebuiltAppConfig: {
      model_list: [
        { model: `${HF}/Qwen2.5-0.5B-Instruct-q4f16_1-MLC`, model_id: QWEN.id, model_lib: "qwen.wasm", vram_required_MB: 945 },
        { model: `${HF}/SmolLM2-360M-Instruct-q4f32_1-MLC`, model_id: "SmolLM2-360M-Instruct-q4f32_1-MLC", model_lib: "s.wasm" },
      ],
    },
    functionCallingModelIds: [],
    hasModelInCache: async (modelId) => modelId !== "SmolLM2-360M-Instruct-q4f32_1-MLC",
    deleteModelAllInfoInCache: async (modelId, appConfig) =>
      void calls.push({ fn: "delete", modelId, ...(appConfig ? { appConfig } : {}) }),
    MLCEngine: class {} as never,
    CreateWebWorkerMLCEngine: async (worker, modelId, config) => {
      calls.push({ fn: "create", modelId, appConfig: config.appConfig });
      await load(config.initProgressCallback, worker);
      return new FakeMlcEngine({ steps: [] });
    },
  };
  return { module, calls };
}

function fakeWorker() {
  const worker = { terminated: 0, terminate: () => void worker.terminated++ };
  return worker;
}

describe("WebLlmModelHost", () => {
  it("implements the store's ModelHost port", () => {
    const host: ModelHost = new WebLlmModelHost();
    expect(typeof host.download).toBe("function");
  });

  it("lists nothing when WebGPU is unavailable, and never loads web-llm for that", async () => {
    let loaded = 0;
    const host = new WebLlmModelHost({
      loadModule: async () => {
        loaded++;
        return fakeModule(async () => {}).module;
      },
    });
    expect(await host.catalog({ available: false, f16: false, reason: "no WebGPU" })).toEqual([]);
    expect(loaded).toBe(0);
  });

  it("downloads in a worker, reporting fraction, MB and MB/s, then ends the worker", async () => {
    const { module } = fakeModule(async (report) => {
      report({ progress: 0.25, timeElapsed: 2, text: "Fetching param cache[1/4]: 80MB fetched. 25% completed, 2 secs elapsed." });
      report({ progress: 1, timeElapsed: 4, text: "Finish loading on WebGPU - nvidia" });
    });
    const worker = fakeWorker();
    let clock = 0;
    const host = new WebLlmModelHost({ loadModule: async () => module, worker: () => worker as never, now: () => (clock += 1000) });
    const seen: DownloadProgress[] = [];
    await host.download(QWEN, (p) => seen.push(p), new AbortController().signal);
    expect(seen[0]).toEqual({
      modelId: QWEN.id,
      fraction: 0.25,
      loadedMB: 80,
      totalMB: 320,
      mbPerSecond: 80,
      text: "Fetching param cache[1/4]: 80MB fetched. 25% completed, 2 secs elapsed.",
    });
    expect(seen[1]?.fraction).toBe(1);
    expect(worker.terminated).toBe(1);
  });

  it("cancels a download: rejects with an AbortError and ends the worker, which stops its fetches", async () => {
    const { module } = fakeModule(() => new Promise(() => {}));
    const worker = fakeWorker();
    const host = new WebLlmModelHost({ loadModule: async () => module, worker: () => worker as never });
    const controller = new AbortController();
    const download = host.download(QWEN, () => {}, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort();
    await expect(download).rejects.toMatchObject({ name: "AbortError" });
    expect(worker.terminated).toBe(1);
  });

  it("waits for the GPU lock a run holds, saying why, and only then starts the worker; releases the lock after", async () => {
    const locks = new FakeLocks();
    const { module, calls } = fakeModule(async (report) => report({ progress: 1, timeElapsed: 1, text: "Finish loading" }));
    const host = new WebLlmModelHost({
      loadModule: async () => module,
      worker: () => fakeWorker() as never,
      gpuTurn: (signal, onWait) => gpuTurn(signal, onWait, locks),
    });
    const releaseRun = await gpuTurn(new AbortController().signal, () => {}, locks);
    const seen: DownloadProgress[] = [];
    const download = host.download(QWEN, (p) => seen.push(p), new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([
      expect.objectContaining({ modelId: QWEN.id, fraction: 0, waiting: expect.stringMatching(/^Waiting for the GPU: a run/) }),
    ]);
    expect(calls).toEqual([]);
    releaseRun();
    await download;
    expect(calls.map((c) => c.fn)).toEqual(["create"]);
    expect(seen.at(-1)).toMatchObject({ fraction: 1 });
    expect(seen.at(-1)).not.toHaveProperty("waiting");
    // The download let go of the lock: a run takes it at once.
    const next = await gpuTurn(
      new AbortController().signal,
      () => {
        throw new Error("the download kept the GPU lock");
      },
      locks,
    );
    next();
  });

  it("a download cancelled while it waits for the GPU never starts a worker", async () => {
    const locks = new FakeLocks();
    const { module } = fakeModule(async () => {});
    let workers = 0;
    const host = new WebLlmModelHost({
      loadModule: async () => module,
      worker: () => {
        workers++;
        return fakeWorker() as never;
      },
      gpuTurn: (signal, onWait) => gpuTurn(signal, onWait, locks),
    });
    const releaseRun = await gpuTurn(new AbortController().signal, () => {}, locks);
    const controller = new AbortController();
    const download = host.download(QWEN, () => {}, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort(new DOMException(`download of ${QWEN.id} cancelled`, "AbortError"));
    await expect(download).rejects.toMatchObject({ name: "AbortError" });
    releaseRun();
    expect(workers).toBe(0);
  });

  it("explains a download that ran out of GPU memory", async () => {
    const { module } = fakeModule(async () => {
      const e = new Error("The WebGPU device was lost while loading the model.");
      e.name = "DeviceLostError";
      throw e;
    });
    const host = new WebLlmModelHost({ loadModule: async () => module, worker: () => fakeWorker() as never });
    await expect(host.download(QWEN, () => {}, new AbortController().signal)).rejects.toThrow(/Qwen2\.5-0\.5B.*pick a smaller model/);
  });

  it("lists cached models with their disk use from the Cache API, and gives custom models to web-llm", async () => {
    const entries = new Map<string, Response>([
      [
        `${HF}/Qwen2.5-0.5B-Instruct-q4f16_1-MLC/resolve/main/params_shard_0.bin`,
        new Response("x", { headers: { "content-length": "1000" } }),
      ],
      [`${HF}/Qwen2.5-0.5B-Instruct-q4f16_1-MLC/resolve/main/tokenizer.json`, new Response("abcd")],
      [`${HF}/SmolLM2-360M-Instruct-q4f32_1-MLC/resolve/main/params_shard_0.bin`, new Response("partial")],
      ["https://example.org/my-model/resolve/main/params_shard_0.bin", new Response("x", { headers: { "content-length": "50" } })],
    ]);
    const cache = {
      keys: async () => [...entries.keys()].map((url) => new Request(url)),
      match: async (request: Request) => entries.get(request.url)?.clone(),
    };
    const caches = { has: async (name: string) => name === "webllm/model", open: async () => cache as never };
    const { module, calls } = fakeModule(async () => {});
    const host = new WebLlmModelHost({ loadModule: async () => module, caches, customModels: () => [MINE] });
    expect(await host.cached()).toEqual([
      { modelId: QWEN.id, bytes: 1004 },
      { modelId: "my-model", bytes: 50 },
    ]);
    await host.remove("my-model");
    expect(calls[0]?.appConfig?.model_list.find((r) => r.model_id === "my-model")).toEqual({
      model: "https://example.org/my-model",
      model_id: "my-model",
      model_lib: "https://example.org/my.wasm",
    });
  });
});
