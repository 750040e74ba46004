import type { LlmProvider } from "../../engine";
import { LlmError } from "../../engine/ports";
import { checkWebGpu } from "../../llm/webllm/capabilities";
import { isF16Build } from "../../llm/webllm/catalog";
import { gpuTurn } from "../../llm/webllm/gpuLock";
import type { MlcEngineLike, MlcProgress } from "../../llm/webllm/mlcTypes";
import type { FakeScript } from "../../llm/webllm/testing/FakeMlcEngine";
import { WebLlmProvider } from "../../llm/webllm/WebLlmProvider";
import { WebLlmRuntime } from "../../llm/webllm/WebLlmRuntime";
import { appConfigWith, loadWebLlm } from "../../llm/webllm/webllmModule";
import type { Crew, LocalModel } from "../../model";
import { CrewDeckDb, DexieCrewRepository } from "../../persistence";

// Where the Models panel keeps custom models on this device (the store's modelsSlice writes it).
const CUSTOM_MODELS_KEY = "customModels";

/** How the run worker reaches in-browser models: a provider per model id, all sharing one engine and queue. */
export interface WebLlmProviders {
  provider(modelId: string): LlmProvider;
  /** Unloads the model and lets the next run waiting for the GPU go on. */
  dispose(): Promise<void>;
}

/**
 * Sets up in-browser models for one run, or returns null when the crew uses none (then web-llm is never loaded).
 * `fake` is TEST-ONLY: e2e runs script a FakeMlcEngine instead of downloading weights.
 */
export async function webLlmProviders(
  crew: Crew,
  options: { fake?: FakeScript; dbName?: string; notify: (message: string) => void },
): Promise<WebLlmProviders | null> {
  if (!crew.llms.some((l) => l.provider === "webllm")) return null;
  const { fake, notify } = options;
  // One notice per model load is enough for the run view; the Models panel shows byte-level download progress.
  const onProgress = (_report: MlcProgress) => {};
  let create: () => Promise<MlcEngineLike>;
  let functionCalling: readonly string[];
  let support = { available: true, f16: true, reason: "", advice: "" };
  if (fake) {
    support = { ...support, available: fake.support !== "none", f16: (fake.support ?? "f16") === "f16" };
    if (!support.available) support = { ...support, reason: "This browser does not offer WebGPU (fake).", advice: "" };
    create = async () => {
      if (!support.available) throw new LlmError("client", `webllm: in-browser models cannot run here. ${support.reason}`);
      // Imported only when the test flag is set, so the fake is never part of an ordinary run's code path.
      const { FakeMlcEngine } = await import("../../llm/webllm/testing/FakeMlcEngine");
      return new FakeMlcEngine(fake, onProgress);
    };
    functionCalling = fake.functionCalling ?? [];
  } else {
    // Checked before web-llm is fetched, so a browser without WebGPU gets reasons and advice instead of web-llm's error.
    const checked = await checkWebGpu(globalThis.navigator as never);
    support = { available: checked.available, f16: checked.f16, reason: checked.reason ?? "", advice: checked.advice ?? "" };
    let loadFailure = "";
    const webllm = support.available
      ? await loadWebLlm().catch((error: Error) => {
          loadFailure = error.message;
          return null;
        })
      : null;
    functionCalling = webllm?.functionCallingModelIds ?? [];
    const custom = options.dbName ? await customModels(options.dbName) : [];
    create = async () => {
      if (loadFailure)
        throw new LlmError(
          "network",
          `webllm: could not load the in-browser model runtime (${loadFailure}); check the connection and run again`,
        );
      if (!webllm) throw new LlmError("client", `webllm: in-browser models cannot run here. ${support.reason} ${support.advice}`.trim());
      return new webllm.MLCEngine({ appConfig: appConfigWith(webllm, custom), initProgressCallback: onProgress });
    };
  }
  // Another run's model, or a download from the Models panel, may hold the GPU: this run waits its turn (gpuLock.ts).
  const gate = (signal: AbortSignal) =>
    gpuTurn(signal, () => notify("Waiting for the GPU: another run or a model download is using an in-browser model (one fits at a time)"));
  const runtime = new WebLlmRuntime(
    create,
    (modelId) => {
      if (!support.f16 && isF16Build(modelId))
        throw new LlmError("client", `webllm ${modelId}: this GPU has no shader-f16 support; pick the q4f32 build of this model instead`);
      notify(`Loading in-browser model ${modelId}: the first time downloads it, later runs load it from the browser cache`);
    },
    gate,
  );
  const providers = new Map<string, WebLlmProvider>();
  return {
    provider(modelId) {
      let provider = providers.get(modelId);
      if (!provider) {
        provider = new WebLlmProvider({ runtime, nativeTools: functionCalling.includes(modelId), label: "webllm" });
        providers.set(modelId, provider);
      }
      return provider;
    },
    dispose: () => runtime.dispose(),
  };
}

async function customModels(dbName: string): Promise<LocalModel[]> {
  const saved = await new DexieCrewRepository(new CrewDeckDb(dbName)).getMeta<LocalModel[]>(CUSTOM_MODELS_KEY).catch(() => undefined);
  return Array.isArray(saved) ? saved : [];
}
