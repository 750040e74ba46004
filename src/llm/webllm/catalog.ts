import type { LocalModel, WebGpuSupport } from "../../model";

/** The fields of a web-llm ModelRecord (prebuiltAppConfig.model_list) the catalog reads. */
export interface ModelRecordLike {
  model_id: string;
  vram_required_MB?: number;
  low_resource_required?: boolean;
  required_features?: string[];
  /** web-llm's ModelType enum: 0 (or absent) chat LLM, 1 embedding, 2 vision. */
  model_type?: number;
}

// Small instruction-tuned models that follow agent prompts (ReAct format, JSON) well, best first.
const RECOMMENDED = [
  "Qwen2.5-1.5B-Instruct",
  "Qwen2.5-3B-Instruct",
  "Llama-3.2-3B-Instruct",
  "Qwen3-1.7B",
  "Llama-3.2-1B-Instruct",
  "Phi-3.5-mini-instruct",
  "Qwen2.5-0.5B-Instruct",
];

const PRECISION = /-q(\d)f(16|32)(_\d)?/;

/** True for an f16 build (q4f16_1, q0f16): those need the GPU's `shader-f16` feature. */
export function isF16Build(modelId: string): boolean {
  return PRECISION.exec(modelId)?.[2] === "16";
}

/**
 * The chat models this browser can run, one build per model: the f16 build when the GPU has `shader-f16`
 * (smaller and faster), else the f32 one. Recommended small agent models come first, the rest by memory needed.
 */
export function buildCatalog(
  records: readonly ModelRecordLike[],
  functionCalling: readonly string[],
  support: WebGpuSupport,
): LocalModel[] {
  const byBase = new Map<string, ModelRecordLike>();
  for (const record of records) {
    if (record.model_type !== undefined && record.model_type !== 0) continue;
    const f16 = isF16Build(record.model_id) || Boolean(record.required_features?.includes("shader-f16"));
    if (f16 && !support.f16) continue;
    const base = baseName(record.model_id);
    const seen = byBase.get(base);
    // Prefer the build matching the GPU; keep the first one seen otherwise (web-llm lists the usual build first).
    if (!seen || (support.f16 && f16 && !isF16Build(seen.model_id))) byBase.set(base, record);
  }
  const models = [...byBase.values()].map((r) => toLocalModel(r, functionCalling));
  const rank = (m: LocalModel) => {
    const i = RECOMMENDED.findIndex((name) => baseName(m.id) === `${name}-q4`);
    return i < 0 ? RECOMMENDED.length : i;
  };
  return models.sort((a, b) => rank(a) - rank(b) || a.vramMB - b.vramMB || a.id.localeCompare(b.id));
}

// "Qwen2.5-1.5B-Instruct-q4f16_1-MLC" and its q4f32_1 twin share "Qwen2.5-1.5B-Instruct-q4" (the -1k variants stay apart).
function baseName(modelId: string): string {
  return modelId.replace(PRECISION, "-q$1").replace(/-MLC/, "");
}

function toLocalModel(record: ModelRecordLike, functionCalling: readonly string[]): LocalModel {
  const id = record.model_id;
  const vramMB = Math.round(record.vram_required_MB ?? 0);
  const downloadMB = estimateDownloadMB(id, vramMB);
  const f16 = isF16Build(id) || Boolean(record.required_features?.includes("shader-f16"));
  const recommended = RECOMMENDED.some((name) => baseName(id) === `${name}-q4`);
  return {
    id,
    label: `${id.replace(/-MLC/, "")} · ~${formatMB(downloadMB)} download (estimated)`,
    downloadMB,
    vramMB,
    recommended,
    nativeTools: functionCalling.includes(id),
    f16,
  };
}

/**
 * web-llm's list gives VRAM but not download size, so it is estimated from the parameter count in the name and the
 * quantisation (q4 ≈ 4.5 bits a weight with scales, q3 ≈ 3.5, q0 = 16 or 32 bits), or from VRAM when the name has none.
 */
export function estimateDownloadMB(modelId: string, vramMB: number): number {
  const params = /(?:^|[-_])E?(\d+(?:[._]\d+)?)([BM])(?=[-_]|$)/i.exec(modelId);
  const quant = PRECISION.exec(modelId);
  if (!params || !quant) return Math.round(vramMB * 0.6);
  const count = Number.parseFloat((params[1] ?? "0").replace("_", ".")) * ((params[2] ?? "B").toUpperCase() === "M" ? 1e6 : 1e9);
  const bits = quant[1] === "0" ? Number(quant[2]) : Number(quant[1]) + 0.5;
  return Math.round((count * bits) / 8 / 1024 / 1024);
}

function formatMB(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb} MB`;
}
