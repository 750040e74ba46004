import type { StateCreator } from "zustand";
import type { Endpoint } from "../model";
import { DEFAULT_PRICES, type Price, type PriceTable } from "./cost";
import type { AppState, StoreDeps } from "./types";

/** The saved endpoint a crew model config's requests go to (same base URL, so its key is used), if any. */
export function matchEndpoint(baseUrl: string | undefined, endpoints: readonly Endpoint[]): Endpoint | undefined {
  const norm = (url: string) => url.trim().replace(/\/+$/, "").toLowerCase();
  return baseUrl ? endpoints.find((e) => norm(e.baseUrl) === norm(baseUrl)) : undefined;
}

/** Settings of this device, never part of a crew: model endpoints with their keys, and the price table. */
export interface DeviceSlice {
  endpoints: Endpoint[];
  defaultEndpoint: string | null;
  prices: PriceTable;
  /** Loads endpoints, the default endpoint and prices from storage. */
  refreshDevice(): Promise<void>;
  saveEndpoint(endpoint: Endpoint): Promise<void>;
  removeEndpoint(id: string): Promise<void>;
  setDefaultEndpoint(id: string): void;
  /** Lists the endpoint's models, or rejects with what failed. */
  testEndpoint(endpoint: { baseUrl: string; apiKey: string }): Promise<string[]>;
  /** Sets a model's price; null removes the row (the model shows as unpriced). */
  setPrice(model: string, price: Price | null): void;
  resetPrices(): void;
}

/** Creates the device slice over the injected repositories. */
export function createDeviceSlice(deps: StoreDeps): StateCreator<AppState, [], [], DeviceSlice> {
  return (set, get) => {
    const savePrices = (prices: PriceTable) => {
      set({ prices });
      void deps.repository.setMeta("prices", prices).catch((e: Error) => get().toast(`Prices not saved: ${e.message}`, "error"));
    };
    return {
      endpoints: [],
      defaultEndpoint: null,
      prices: DEFAULT_PRICES,
      async refreshDevice() {
        const endpoints = (await deps.endpoints?.list()) ?? [];
        const saved = await deps.repository.getMeta<string>("defaultEndpoint").catch(() => undefined);
        const prices = await deps.repository.getMeta<PriceTable>("prices").catch(() => undefined);
        set({
          endpoints,
          defaultEndpoint: endpoints.find((e) => e.id === saved)?.id ?? endpoints[0]?.id ?? null,
          ...(prices && typeof prices === "object" ? { prices } : {}),
        });
      },
      async saveEndpoint(endpoint) {
        await deps.endpoints?.put(endpoint);
        await get().refreshDevice();
        if (!get().defaultEndpoint) get().setDefaultEndpoint(endpoint.id);
      },
      async removeEndpoint(id) {
        await deps.endpoints?.remove(id);
        await get().refreshDevice();
      },
      testEndpoint(endpoint) {
        if (!deps.testEndpoint) return Promise.reject(new Error("testing endpoints is not available here"));
        return deps.testEndpoint(endpoint);
      },
      setDefaultEndpoint(id) {
        set({ defaultEndpoint: id });
        void deps.repository.setMeta("defaultEndpoint", id).catch(() => undefined);
      },
      setPrice(model, price) {
        const name = model.trim();
        if (!name) return;
        const next = { ...get().prices };
        if (price) next[name] = price;
        else delete next[name];
        savePrices(next);
      },
      resetPrices() {
        savePrices(DEFAULT_PRICES);
      },
    };
  };
}
