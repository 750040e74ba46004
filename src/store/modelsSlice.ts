import type { StateCreator } from "zustand";
import type { Crew, DownloadProgress, LlmConfig, LocalModel, WebGpuSupport } from "../model";
import type { AppState, StoreDeps } from "./types";

/** The model a new user chose first on this device: templates (crews with no model config) run on it. */
export type DeviceModelChoice = { kind: "webllm"; modelId: string } | { kind: "endpoint"; preset: string };

/** Self-hosted weights a person entered: where the model and its compiled library live. */
export interface CustomModelInput {
  id: string;
  modelUrl: string;
  libUrl: string;
  downloadMB?: number;
  vramMB?: number;
}

/** In-browser models on this device: WebGPU support, the catalog, downloads going, and the cache. */
export interface ModelsSlice {
  /** null until checked; checking never downloads anything. */
  modelSupport: WebGpuSupport | null;
  /** Built-in models (recommended first) followed by custom ones. */
  modelCatalog: LocalModel[];
  downloads: Record<string, DownloadProgress>;
  cachedModels: { modelId: string; bytes: number }[];
  /** The last thing that went wrong with in-browser models, said with the model id involved. */
  modelsError: string | null;
  deviceModel: DeviceModelChoice | null;
  /** Checks WebGPU, then lists the catalog and the cache; safe to call again. */
  checkModels(): Promise<WebGpuSupport>;
  /** Loads the device's first model choice from storage (no WebGPU check, nothing downloaded). */
  loadDeviceModel(): Promise<void>;
  /** Downloads a catalog model with progress; resolves false when cancelled or failed (the reason is in modelsError). */
  downloadModel(modelId: string): Promise<boolean>;
  cancelDownload(modelId: string): void;
  removeCachedModel(modelId: string): Promise<void>;
  refreshCachedModels(): Promise<void>;
  /** Adds a self-hosted model to the catalog (kept on this device); returns what is wrong with the input, or null. */
  addCustomModel(input: CustomModelInput): string | null;
  /** Remembers the first model choice on this device (later calls keep the first). */
  chooseDeviceModel(choice: DeviceModelChoice): void;
  /** Adds an in-browser model config for `modelId` to the open crew and makes it the crew's default. */
  setCrewLocalModel(modelId: string): void;
  /**
   * Before a run or a batch: when the device chose an in-browser model first and some agent of the open crew names no
   * model, gives the crew that model as its default. Returns the model id, or null when nothing changed. (An endpoint
   * choice needs nothing here: such agents use the device's default endpoint.)
   */
  applyDeviceModel(): string | null;
}

const NO_HOST = "in-browser models are not available in this build";
const CUSTOM_KEY = "customModels";
const DEVICE_MODEL_KEY = "deviceModel";

/** The run blocker shown when a crew needs a remote endpoint and this device has none; the Run dialog offers a choice. */
export const NO_ENDPOINT_BLOCKER = "no model endpoint on this device yet: add one below";

/**
 * Whether running the crew needs a saved endpoint: some agent (or the generated manager) uses a remote model config,
 * or no config at all while the device's first choice was not an in-browser model.
 */
export function needsEndpoint(crew: Crew, deviceModel: DeviceModelChoice | null): boolean {
  const ids = crew.agents.map((a) => a.llm ?? crew.defaultLlm);
  if (crew.process === "hierarchical" && !crew.settings.managerAgent) ids.push(crew.settings.managerLlm ?? crew.defaultLlm);
  if (crew.settings.planning) ids.push(crew.settings.planningLlm ?? crew.defaultLlm);
  return ids.some((id) => {
    const llm = crew.llms.find((l) => l.id === id);
    return llm ? llm.provider !== "webllm" : deviceModel?.kind !== "webllm";
  });
}

/** Whether some agent has no model config, so a run would fall back to the device default. */
export function usesDeviceDefault(crew: Crew): boolean {
  return crew.agents.some((a) => !crew.llms.some((l) => l.id === (a.llm ?? crew.defaultLlm)));
}

/** Checks a custom model entry; returns what is wrong, or null. */
export function customModelProblem(input: CustomModelInput, taken: readonly string[]): string | null {
  if (!/^[\w.-]+$/.test(input.id.trim())) return "model id: letters, digits, '.', '_' and '-' only";
  if (taken.includes(input.id.trim())) return `model id "${input.id.trim()}" is already in the catalog`;
  for (const [name, url] of [
    ["model URL", input.modelUrl],
    ["model library URL", input.libUrl],
  ] as const) {
    try {
      const parsed = new URL(url.trim());
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return `${name} must be an http(s) URL`;
    } catch {
      return `${name} is not a URL: "${url.trim()}"`;
    }
  }
  if (!/\.wasm(\?.*)?$/.test(input.libUrl.trim())) return "model library URL must point to the compiled .wasm file";
  return null;
}

/** Creates the models slice over the injected model host (absent in builds without in-browser models). */
export function createModelsSlice(deps: StoreDeps): StateCreator<AppState, [], [], ModelsSlice> {
  return (set, get) => {
    const controllers = new Map<string, AbortController>();
    let custom: LocalModel[] = [];
    let builtIn: LocalModel[] = [];
    const publishCatalog = () => set({ modelCatalog: [...builtIn, ...custom] });
    const fail = (message: string): false => {
      set({ modelsError: message });
      return false;
    };
    return {
      modelSupport: null,
      modelCatalog: [],
      downloads: {},
      cachedModels: [],
      modelsError: null,
      deviceModel: null,
      async checkModels() {
        await get().loadDeviceModel();
        if (!deps.modelHost) {
          const support: WebGpuSupport = { available: false, f16: false, reason: NO_HOST };
          set({ modelSupport: support });
          return support;
        }
        let support: WebGpuSupport;
        try {
          support = await deps.modelHost.support();
        } catch (e) {
          support = { available: false, f16: false, reason: `checking WebGPU failed: ${(e as Error).message}` };
        }
        set({ modelSupport: support });
        const saved = await deps.repository.getMeta<LocalModel[]>(CUSTOM_KEY).catch(() => undefined);
        if (Array.isArray(saved)) custom = saved;
        if (support.available) {
          try {
            const list = await deps.modelHost.catalog(support);
            builtIn = [...list].sort((a, b) => Number(b.recommended) - Number(a.recommended));
          } catch (e) {
            fail(`Could not list in-browser models: ${(e as Error).message}`);
          }
          publishCatalog();
          await get().refreshCachedModels();
        }
        return support;
      },
      async loadDeviceModel() {
        const choice = await deps.repository.getMeta<DeviceModelChoice>(DEVICE_MODEL_KEY).catch(() => undefined);
        if (choice && typeof choice === "object" && !get().deviceModel) set({ deviceModel: choice });
      },
      async downloadModel(modelId) {
        const host = deps.modelHost;
        const model = get().modelCatalog.find((m) => m.id === modelId);
        if (!host) return fail(NO_HOST);
        if (!model) return fail(`Model "${modelId}" is not in the catalog`);
        if (controllers.has(modelId)) return false;
        const controller = new AbortController();
        controllers.set(modelId, controller);
        const start: DownloadProgress = { modelId, fraction: 0, loadedMB: 0, totalMB: model.downloadMB, mbPerSecond: 0, text: "starting" };
        set({ downloads: { ...get().downloads, [modelId]: start }, modelsError: null });
        let ok = false;
        try {
          await host.download(
            model,
            (progress) => {
              if (!controller.signal.aborted) set({ downloads: { ...get().downloads, [modelId]: progress } });
            },
            controller.signal,
          );
          ok = !controller.signal.aborted;
        } catch (e) {
          if (!controller.signal.aborted) fail(`Download of ${modelId} failed: ${(e as Error).message}`);
        } finally {
          controllers.delete(modelId);
          const { [modelId]: _done, ...rest } = get().downloads;
          set({ downloads: rest });
        }
        await get().refreshCachedModels();
        if (ok) get().toast(`${model.label} is ready on this device`, "success");
        return ok;
      },
      cancelDownload(modelId) {
        controllers.get(modelId)?.abort(new DOMException(`download of ${modelId} cancelled`, "AbortError"));
      },
      async removeCachedModel(modelId) {
        try {
          await deps.modelHost?.remove(modelId);
        } catch (e) {
          fail(`Could not delete ${modelId}: ${(e as Error).message}`);
        }
        await get().refreshCachedModels();
      },
      async refreshCachedModels() {
        if (!deps.modelHost) return;
        try {
          set({ cachedModels: await deps.modelHost.cached() });
        } catch (e) {
          fail(`Could not list cached models: ${(e as Error).message}`);
        }
      },
      addCustomModel(input) {
        const problem = customModelProblem(
          input,
          get().modelCatalog.map((m) => m.id),
        );
        if (problem) return problem;
        const model: LocalModel = {
          id: input.id.trim(),
          label: `${input.id.trim()} (self-hosted)`,
          downloadMB: input.downloadMB ?? 0,
          vramMB: input.vramMB ?? 0,
          recommended: false,
          nativeTools: false,
          f16: /f16/i.test(input.id),
          custom: { modelUrl: input.modelUrl.trim(), libUrl: input.libUrl.trim() },
        };
        custom = [...custom, model];
        publishCatalog();
        void deps.repository.setMeta(CUSTOM_KEY, custom).catch((e: Error) => fail(`Custom model not saved: ${e.message}`));
        return null;
      },
      chooseDeviceModel(choice) {
        if (get().deviceModel) return;
        set({ deviceModel: choice });
        void deps.repository.setMeta(DEVICE_MODEL_KEY, choice).catch(() => undefined);
      },
      setCrewLocalModel(modelId) {
        const { crew, updateCrew } = get();
        const existing = crew.llms.find((l) => l.provider === "webllm" && l.model === modelId);
        if (existing) return updateCrew({ defaultLlm: existing.id });
        const taken = new Set(crew.llms.map((l) => l.id));
        let id = "local";
        for (let n = 2; taken.has(id); n++) id = `local-${n}`;
        const llm: LlmConfig = { id, provider: "webllm", model: modelId, temperature: 0.7 };
        updateCrew({ llms: [...crew.llms, llm], defaultLlm: id });
      },
      applyDeviceModel() {
        const choice = get().deviceModel;
        if (choice?.kind !== "webllm" || !usesDeviceDefault(get().crew)) return null;
        get().setCrewLocalModel(choice.modelId);
        return choice.modelId;
      },
    };
  };
}
