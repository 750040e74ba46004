import { describe, expect, it } from "vitest";
import { buildCatalog, estimateDownloadMB, type ModelRecordLike } from "./catalog";

const records: ModelRecordLike[] = [
  { model_id: "Llama-3.1-8B-Instruct-q4f32_1-MLC", vram_required_MB: 6101 },
  { model_id: "Llama-3.1-8B-Instruct-q4f16_1-MLC", vram_required_MB: 5001 },
  { model_id: "Hermes-3-Llama-3.1-8B-q4f16_1-MLC", vram_required_MB: 4876 },
  { model_id: "Qwen2.5-3B-Instruct-q4f32_1-MLC", vram_required_MB: 2893 },
  { model_id: "Qwen2.5-3B-Instruct-q4f16_1-MLC", vram_required_MB: 2504 },
  { model_id: "Qwen2.5-1.5B-Instruct-q4f16_1-MLC", vram_required_MB: 1629 },
  { model_id: "Qwen2.5-1.5B-Instruct-q4f32_1-MLC", vram_required_MB: 1888 },
  { model_id: "SmolLM2-360M-Instruct-q4f16_1-MLC", vram_required_MB: 376, required_features: ["shader-f16"] },
  { model_id: "SmolLM2-360M-Instruct-q4f32_1-MLC", vram_required_MB: 579 },
  { model_id: "Phi-3.5-vision-instruct-q4f16_1-MLC", vram_required_MB: 4521, model_type: 2 },
  { model_id: "snowflake-arctic-embed-m-q0f32-MLC-b4", vram_required_MB: 218, model_type: 1 },
];
const fc = ["Hermes-3-Llama-3.1-8B-q4f16_1-MLC"];

describe("buildCatalog", () => {
  it("offers f16 builds on a GPU with shader-f16, recommended agent models first, then by memory", () => {
    const list = buildCatalog(records, fc, { available: true, f16: true });
    expect(list.map((m) => m.id)).toEqual([
      "Qwen2.5-1.5B-Instruct-q4f16_1-MLC",
      "Qwen2.5-3B-Instruct-q4f16_1-MLC",
      "SmolLM2-360M-Instruct-q4f16_1-MLC",
      "Hermes-3-Llama-3.1-8B-q4f16_1-MLC",
      "Llama-3.1-8B-Instruct-q4f16_1-MLC",
    ]);
    expect(list.map((m) => m.recommended)).toEqual([true, true, false, false, false]);
    expect(list.every((m) => m.f16)).toBe(true);
    expect(list.find((m) => m.id.startsWith("Hermes"))?.nativeTools).toBe(true);
    expect(list.filter((m) => m.nativeTools)).toHaveLength(1);
  });

  it("offers only f32 builds without shader-f16, dropping models that have no f32 build", () => {
    const list = buildCatalog(records, fc, { available: true, f16: false });
    expect(list.map((m) => m.id)).toEqual([
      "Qwen2.5-1.5B-Instruct-q4f32_1-MLC",
      "Qwen2.5-3B-Instruct-q4f32_1-MLC",
      "SmolLM2-360M-Instruct-q4f32_1-MLC",
      "Llama-3.1-8B-Instruct-q4f32_1-MLC",
    ]);
    expect(list.some((m) => m.f16)).toBe(false);
  });

  it("gives VRAM from web-llm and an estimated download size, saying so in the label", () => {
    const qwen = buildCatalog(records, fc, { available: true, f16: true })[0];
    expect(qwen?.vramMB).toBe(1629);
    expect(qwen?.downloadMB).toBe(estimateDownloadMB("Qwen2.5-1.5B-Instruct-q4f16_1-MLC", 1629));
    expect(qwen?.label).toMatch(/^Qwen2\.5-1\.5B-Instruct-q4f16_1 · ~\d+ MB download \(estimated\)$/);
  });
});

describe("estimateDownloadMB", () => {
  it("uses the parameter count and quantisation in the name", () => {
    expect(estimateDownloadMB("Qwen2.5-1.5B-Instruct-q4f16_1-MLC", 1629)).toBe(805); // 1.5e9 × 4.5 bits
    expect(estimateDownloadMB("SmolLM2-360M-Instruct-q0f16-MLC", 871)).toBe(687); // 360e6 × 16 bits
    expect(estimateDownloadMB("stablelm-2-zephyr-1_6b-q4f16_1-MLC", 2087)).toBe(858);
  });

  it("falls back to a share of the VRAM when the name has no size", () => {
    expect(estimateDownloadMB("phi-2-q4f16_1-MLC", 3000)).toBe(1800);
  });
});
