import type { WebGpuSupport } from "../../model";

/** The part of `navigator` the WebGPU check reads (a parameter so tests can pass a fake). */
export interface GpuNavigator {
  gpu?: {
    requestAdapter(options?: { powerPreference?: "high-performance" | "low-power" }): Promise<GpuAdapterLike | null>;
  };
}

/** The adapter fields the check reads. */
export interface GpuAdapterLike {
  features: { has(feature: string): boolean };
  info?: { vendor?: string; architecture?: string; description?: string };
}

const BROWSERS =
  "Use a recent Chrome or Edge (version 113 or later) on Windows, macOS or ChromeOS, or Chrome 121+ on Android. " +
  "On Linux, enable chrome://flags/#enable-unsafe-webgpu and chrome://flags/#enable-vulkan. " +
  "Firefox 141+ has WebGPU on Windows (elsewhere set dom.webgpu.enabled in about:config); Safari needs version 26 or Technology Preview.";

/** Checks for WebGPU, a GPU adapter and `shader-f16`, before anything is downloaded; never throws. */
export async function checkWebGpu(
  nav: GpuNavigator | undefined = globalThis.navigator as GpuNavigator | undefined,
): Promise<WebGpuSupport> {
  if (!nav?.gpu)
    return {
      available: false,
      f16: false,
      reason: "This browser does not offer WebGPU, which in-browser models need to run on the GPU.",
      advice: BROWSERS,
    };
  let adapter: GpuAdapterLike | null = null;
  let failure = "";
  try {
    adapter = await nav.gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (error) {
    failure = ` (${(error as Error).message})`;
  }
  if (!adapter)
    return {
      available: false,
      f16: false,
      reason: `WebGPU is there but no GPU adapter was given${failure}: the GPU or its driver may be blocklisted, or hardware acceleration is off.`,
      advice:
        "Turn on hardware acceleration in the browser settings, update the GPU driver, and check chrome://gpu. " +
        "On Linux, enable chrome://flags/#enable-unsafe-webgpu and chrome://flags/#enable-vulkan. " +
        "Otherwise use a model endpoint (Ollama, LM Studio or an API) instead.",
    };
  const f16 = adapter.features.has("shader-f16");
  const name = [adapter.info?.vendor, adapter.info?.architecture || adapter.info?.description].filter(Boolean).join(" ");
  return {
    available: true,
    f16,
    ...(name ? { adapter: name } : {}),
    ...(f16
      ? {}
      : { advice: "This GPU has no shader-f16 support, so the larger f32 builds of models are offered; they need more memory." }),
  };
}
