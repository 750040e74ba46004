import { describe, expect, it } from "vitest";
import { checkWebGpu, type GpuAdapterLike } from "./capabilities";

const adapter = (features: string[]): GpuAdapterLike => ({ features: new Set(features), info: { vendor: "acme", architecture: "rdna" } });

describe("checkWebGpu", () => {
  it("explains a browser without WebGPU and names browsers and flags that help", async () => {
    const support = await checkWebGpu({});
    expect(support).toMatchObject({ available: false, f16: false });
    expect(support.reason).toMatch(/does not offer WebGPU/);
    expect(support.advice).toMatch(/Chrome or Edge.*113/);
    expect(support.advice).toMatch(/enable-unsafe-webgpu/);
  });

  it("explains when no adapter is given (blocklisted GPU, acceleration off)", async () => {
    const support = await checkWebGpu({ gpu: { requestAdapter: async () => null } });
    expect(support.available).toBe(false);
    expect(support.reason).toMatch(/no GPU adapter/);
    expect(support.advice).toMatch(/hardware acceleration/);
  });

  it("reports an adapter that throws as unavailable, with its message", async () => {
    const support = await checkWebGpu({
      gpu: {
        requestAdapter: async () => {
          throw new Error("adapter request denied");
        },
      },
    });
    expect(support).toMatchObject({ available: false });
    expect(support.reason).toContain("adapter request denied");
  });

  it("offers f16 builds with shader-f16 and f32 builds (with a note) without", async () => {
    const withF16 = await checkWebGpu({ gpu: { requestAdapter: async () => adapter(["shader-f16"]) } });
    expect(withF16).toEqual({ available: true, f16: true, adapter: "acme rdna" });
    const without = await checkWebGpu({ gpu: { requestAdapter: async () => adapter([]) } });
    expect(without).toMatchObject({ available: true, f16: false, adapter: "acme rdna" });
    expect(without.advice).toMatch(/f32/);
  });
});
