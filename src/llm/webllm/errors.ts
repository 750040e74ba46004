import { LlmError } from "../../engine/ports";

const SMALLER = "pick a smaller model (fewer parameters, e.g. a 0.5B–1.5B one) in the Models panel, or close other tabs using the GPU";

/** Turns anything web-llm throws into an LlmError whose message says what happened and what to do, naming the model. */
export function webLlmError(error: unknown, modelId: string, label = "webllm"): LlmError {
  if (error instanceof LlmError) return error;
  const name = (error as Error | undefined)?.name ?? "";
  const text = (error as Error | undefined)?.message ?? String(error);
  const at = `${label} ${modelId}`;
  if (/out of memory|OOM\b|GPUOutOfMemory|allocation failed|Failed to allocate/i.test(`${name} ${text}`))
    return new LlmError("client", `${at}: the GPU ran out of memory loading or running this model; ${SMALLER}`, { provider: label });
  if (name === "DeviceLostError" || /device (was )?lost/i.test(text))
    return new LlmError("client", `${at}: the WebGPU device was lost (usually the GPU ran out of memory); ${SMALLER}, then run again`, {
      provider: label,
    });
  if (name === "WebGPUNotAvailableError" || name === "WebGPUNotFoundError" || /WebGPU is not (supported|available)/i.test(text))
    return new LlmError(
      "client",
      `${at}: this browser has no WebGPU; use a recent Chrome or Edge (113+), or enable WebGPU (chrome://flags/#enable-unsafe-webgpu, Firefox dom.webgpu.enabled, Safari Technology Preview)`,
      { provider: label },
    );
  if (name === "ShaderF16SupportError" || /shader-f16/i.test(text))
    return new LlmError("client", `${at}: this GPU cannot run f16 model builds; pick the q4f32 build of the model`, { provider: label });
  if (name === "ModelNotFoundError" || name === "SpecifiedModelNotFoundError")
    return new LlmError(
      "client",
      `${at}: web-llm does not know this model id; pick one from the Models panel or add it as a custom model`,
      {
        provider: label,
      },
    );
  if (name === "ContextWindowSizeExceededError" || /context window/i.test(text))
    return new LlmError("client", `${at}: the conversation is longer than the model's context window (${text})`, { provider: label });
  if (name === "GrammarMatcherInitError" || /grammar matcher/i.test(text))
    return new LlmError("client", `${at}: web-llm could not set up constrained output for this request (${text})`, { provider: label });
  if (/fetch|network|download|NetworkError|Failed to fetch|status code|404|quota/i.test(text))
    return new LlmError(
      "network",
      `${at}: downloading the model failed (${text}); check the connection and the disk space, then try again`,
      {
        provider: label,
      },
    );
  return new LlmError("server", `${at}: ${text}`, { provider: label });
}
