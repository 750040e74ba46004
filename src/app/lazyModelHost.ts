import type { LocalModel, ModelHost } from "../model";

/** The localStorage flag (set by e2e tests only) that swaps in fake in-browser models. */
const FAKE_FLAG = "crewdeck:test:fake-webllm";

/**
 * A ModelHost that loads the in-browser runtime on first use, so neither web-llm nor its page-side host is in the
 * first chunk. With the test flag set, the scripted fake host is loaded instead.
 */
export function lazyModelHost(customModels: () => readonly LocalModel[] = () => []): ModelHost {
  let loading: Promise<ModelHost> | null = null;
  const host = () => {
    loading ??= load(customModels).catch((e: Error) => {
      loading = null;
      throw new Error(`in-browser models: could not load the runtime (${e.message})`);
    });
    return loading;
  };
  return {
    support: async () => (await host()).support(),
    catalog: async (support) => (await host()).catalog(support),
    download: async (model, onProgress, signal) => (await host()).download(model, onProgress, signal),
    cached: async () => (await host()).cached(),
    remove: async (modelId) => (await host()).remove(modelId),
  };
}

async function load(customModels: () => readonly LocalModel[]): Promise<ModelHost> {
  const fake = readFlag();
  if (fake) {
    const { FakeModelHost } = await import("../llm/webllm/testing/FakeModelHost");
    return new FakeModelHost(fake === "none" || fake === "f32" ? fake : "f16");
  }
  const { WebLlmModelHost } = await import("../llm/webllm/WebLlmModelHost");
  // Custom models live in the store; the host needs them to find (and delete) their files in the cache.
  return new WebLlmModelHost({ customModels });
}

// The flag holds the fake engine's JSON script (read by the run worker); its `support` field scripts the WebGPU verdict.
function readFlag(): string | null {
  try {
    const raw = localStorage.getItem(FAKE_FLAG);
    if (!raw) return null;
    const support = (JSON.parse(raw) as { support?: unknown }).support;
    return typeof support === "string" ? support : "f16";
  } catch {
    return null;
  }
}
