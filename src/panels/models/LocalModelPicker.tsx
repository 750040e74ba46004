import { SelectField } from "../fields";
import { formatMB } from "./format";
import { useLocalModels } from "./useLocalModels";

/** The model of an in-browser model config, picked from the catalog this browser can run (recommended first). */
export function LocalModelPicker({ value, onChange }: { value: string; onChange: (model: string) => void }) {
  const { support, catalog, cached } = useLocalModels();
  const options = catalog.map((m) => ({
    value: m.id,
    label: `${m.label}${m.recommended ? " (recommended)" : ""} · ${
      cached.some((c) => c.modelId === m.id) ? "downloaded" : `${formatMB(m.downloadMB)} download`
    }`,
  }));
  // A crew file may name a model this browser's catalog lacks (another device, an f16 build here without f16).
  if (value && !catalog.some((m) => m.id === value)) options.unshift({ value, label: `${value} (not in this browser's catalog)` });
  const hint = !support
    ? "Checking what this browser can run…"
    : support.available
      ? "Downloaded on first run; manage downloads under Models → In-browser models."
      : `This browser cannot run in-browser models: ${support.reason ?? "no WebGPU"}.`;
  return <SelectField label="Model" value={value} options={options} onChange={(m) => m && onChange(m)} hint={hint} />;
}
