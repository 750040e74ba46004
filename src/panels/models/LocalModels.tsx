import { useEffect } from "react";
import type { LocalModel } from "../../model";
import { useApp, useAppStore } from "../../store";
import { CustomModelForm } from "./CustomModelForm";
import { DownloadBar } from "./DownloadBar";
import { formatBytes, formatMB } from "./format";
import { SupportVerdict } from "./SupportVerdict";
import "./models.css";

/** Models that run in this tab (WebGPU): the capability check, the catalog with downloads, the cache, custom models. */
export function LocalModels() {
  const store = useAppStore();
  const support = useApp((s) => s.modelSupport);
  const catalog = useApp((s) => s.modelCatalog);
  const cached = useApp((s) => s.cachedModels);
  const error = useApp((s) => s.modelsError);
  useEffect(() => {
    void store.getState().checkModels();
  }, [store]);
  return (
    <section className="local-models" aria-label="In-browser models">
      <SupportVerdict support={support} />
      {error && (
        <p className="endpoints__test endpoints__test--error" role="alert">
          {error}
        </p>
      )}
      {support?.available && (
        <>
          <h4 className="panel-subtitle">Available models</h4>
          {catalog.length === 0 && !error && <p className="panel-note">Loading the list of models…</p>}
          <ul className="local-models__list" aria-label="Model catalog">
            {catalog.map((m) => (
              <CatalogRow key={m.id} model={m} isCached={cached.some((c) => c.modelId === m.id)} />
            ))}
          </ul>
          <h4 className="panel-subtitle">On this device</h4>
          {cached.length === 0 ? (
            <p className="panel-note">No model downloaded yet.</p>
          ) : (
            <ul className="local-models__list" aria-label="Downloaded models">
              {cached.map((c) => (
                <li key={c.modelId} data-cached={c.modelId}>
                  <span>
                    <strong>{c.modelId}</strong> <small>{formatBytes(c.bytes)} on disk</small>
                  </span>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    aria-label={`Delete downloaded model ${c.modelId}`}
                    onClick={() => void store.getState().removeCachedModel(c.modelId)}
                  >
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          )}
          <CustomModelForm />
        </>
      )}
    </section>
  );
}

function CatalogRow({ model, isCached }: { model: LocalModel; isCached: boolean }) {
  const store = useAppStore();
  const progress = useApp((s) => s.downloads[model.id]);
  return (
    <li data-model={model.id}>
      <span className="local-models__model">
        <strong>{model.label}</strong> {model.recommended && <span className="badge">recommended for agents</span>}
        {model.custom && <span className="badge">self-hosted</span>}
        <br />
        <small>
          <code>{model.id}</code> · {model.downloadMB ? `${formatMB(model.downloadMB)} download` : "size unknown"}
          {model.vramMB ? ` · needs ${formatMB(model.vramMB)} of GPU memory` : ""}
          {model.nativeTools ? " · native tool calls" : " · tools through ReAct text"}
        </small>
        {progress && <DownloadBar progress={progress} label={model.label} onCancel={() => store.getState().cancelDownload(model.id)} />}
      </span>
      {isCached ? (
        <span className="badge">downloaded</span>
      ) : (
        !progress && (
          <button
            type="button"
            className="button button--small"
            aria-label={`Download ${model.label}`}
            onClick={() => void store.getState().downloadModel(model.id)}
          >
            Download
          </button>
        )
      )}
    </li>
  );
}
