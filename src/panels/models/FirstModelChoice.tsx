import { ENDPOINT_PRESETS } from "../endpointPresets";
import { formatMB } from "./format";
import { SupportVerdict } from "./SupportVerdict";
import { useLocalModels } from "./useLocalModels";

/**
 * What a person with no model yet can do from the Run dialog: run in this tab on a recommended small model when WebGPU
 * works, or connect a model service (each preset opens the Models dialog on it). Never a dead end.
 */
export function FirstModelChoice({ onLocalChosen }: { onLocalChosen: (modelId: string) => void }) {
  const { store, support, catalog, cached } = useLocalModels();
  const pick = catalog.find((m) => m.recommended) ?? catalog[0];
  const chooseLocal = () => {
    if (!pick) return;
    const s = store.getState();
    s.chooseDeviceModel({ kind: "webllm", modelId: pick.id });
    s.setCrewLocalModel(pick.id);
    onLocalChosen(pick.id);
  };
  const choosePreset = (preset: string) => {
    store.getState().chooseDeviceModel({ kind: "endpoint", preset });
    store.getState().openDialog({ kind: "endpoints", preset });
  };
  const isCached = pick && cached.some((c) => c.modelId === pick.id);
  return (
    <section className="first-model" aria-label="Choose a model">
      <h3 className="panel-subtitle">This crew needs a model</h3>
      {support?.available && pick ? (
        <>
          <p>Nothing leaves this device: the model runs in this tab on your graphics card.</p>
          <button type="button" className="button button--primary" onClick={chooseLocal}>
            Run in this tab with {pick.label} ({isCached ? "already downloaded" : `${formatMB(pick.downloadMB)} download`})
          </button>
          <p className="panel-note">Or connect a model service instead:</p>
        </>
      ) : (
        <>
          <SupportVerdict support={support} />
          {support && <p className="panel-note">Connect a model service to run it:</p>}
        </>
      )}
      <div className="first-model__presets">
        {ENDPOINT_PRESETS.map((p) => (
          <button key={p.id} type="button" className="button button--small" onClick={() => choosePreset(p.id)}>
            {p.name}
          </button>
        ))}
      </div>
    </section>
  );
}
