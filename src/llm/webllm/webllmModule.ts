import type * as WebLlm from "@mlc-ai/web-llm";
import webLlmUrl from "@mlc-ai/web-llm/lib/index.js?url";
import type { ModelRecordLike } from "./catalog";
import type { MlcEngineLike, MlcProgress } from "./mlcTypes";

/** A web-llm model record with the URLs needed to fetch it. */
export interface FullModelRecord extends ModelRecordLike {
  model: string;
  model_lib: string;
}

/** web-llm's app config: the models it may load. */
export interface AppConfigLike {
  model_list: FullModelRecord[];
  cacheBackend?: "cache" | "indexeddb" | "cross-origin" | "opfs";
}

/** The parts of the `@mlc-ai/web-llm` module this app calls; `loadWebLlm` fetches the real one as a separate chunk. */
export interface WebLlmModule {
  prebuiltAppConfig: AppConfigLike;
  functionCallingModelIds: string[];
  hasModelInCache(modelId: string, appConfig?: AppConfigLike): Promise<boolean>;
  deleteModelAllInfoInCache(modelId: string, appConfig?: AppConfigLike): Promise<void>;
  MLCEngine: new (config: { appConfig: AppConfigLike; initProgressCallback: (report: MlcProgress) => void }) => MlcEngineLike;
  CreateWebWorkerMLCEngine(
    worker: Worker,
    modelId: string,
    engineConfig: { appConfig: AppConfigLike; initProgressCallback: (report: MlcProgress) => void },
  ): Promise<MlcEngineLike>;
}

/**
 * Imports web-llm (about 6 MB) on first use, from its own prebuilt ES module (self-contained: it imports nothing) emitted
 * once as a hashed file. The page, the download worker and the run worker are three separate Vite builds: bundling
 * web-llm into each gave three 6 MB copies under different names, fetched separately; one URL is fetched once.
 */
export async function importWebLlm(): Promise<typeof WebLlm> {
  return (await import(/* @vite-ignore */ webLlmUrl)) as typeof WebLlm;
}

/** Loads web-llm on first use (see importWebLlm), as the slice of it this app calls. */
export async function loadWebLlm(): Promise<WebLlmModule> {
  return (await importWebLlm()) as unknown as WebLlmModule;
}

/** web-llm's app config with the given custom (self-hosted) models added to its prebuilt list. */
export function appConfigWith(
  webllm: WebLlmModule,
  custom: readonly { id: string; custom?: { modelUrl: string; libUrl: string } }[],
): AppConfigLike {
  const extra = custom.flatMap((m) => (m.custom ? [{ model: m.custom.modelUrl, model_id: m.id, model_lib: m.custom.libUrl }] : []));
  const known = new Set(extra.map((r) => r.model_id));
  return {
    ...webllm.prebuiltAppConfig,
    model_list: [...webllm.prebuiltAppConfig.model_list.filter((r) => !known.has(r.model_id)), ...extra],
  };
}
