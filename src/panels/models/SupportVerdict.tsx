import type { WebGpuSupport } from "../../model";

/** What this browser can do for in-browser models, and what would help when it cannot. */
export function SupportVerdict({ support }: { support: WebGpuSupport | null }) {
  if (!support)
    return (
      <p className="local-models__verdict" role="status">
        Checking WebGPU… (nothing is downloaded)
      </p>
    );
  if (!support.available)
    return (
      <div className="local-models__verdict local-models__verdict--none" role="status" data-support="none">
        <p>
          <strong>In-browser models cannot run here:</strong> {sentence(support.reason ?? "WebGPU is unavailable")}
        </p>
        <p>
          {support.advice ??
            "Use a desktop Chrome or Edge 113 or later; in Firefox or Safari turn WebGPU on in the browser's experimental features."}
        </p>
        <p>You can still run crews on a model endpoint (a local server such as Ollama, or an API).</p>
      </div>
    );
  const adapter = support.adapter ? ` (${support.adapter})` : "";
  return (
    <p className="local-models__verdict local-models__verdict--ok" role="status" data-support={support.f16 ? "f16" : "f32"}>
      {support.f16 ? (
        <>
          <strong>WebGPU is available{adapter}</strong> with 16-bit shaders: every model build below runs in this tab.
        </>
      ) : (
        <>
          <strong>WebGPU is available{adapter}</strong> without 16-bit shaders (<code>shader-f16</code>): only f32 builds run here, and they
          need more memory.
        </>
      )}
    </p>
  );
}

function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
