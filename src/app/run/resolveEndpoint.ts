import type { Endpoint, LlmConfig } from "../../model";
import { matchEndpoint } from "../../store/deviceSlice";

/**
 * Picks the device endpoint for a crew model config: the one with the same base URL (that is where its key is),
 * else the default endpoint. The model name comes from the config when it has one.
 */
export function resolveEndpoint(
  config: LlmConfig | undefined,
  endpoints: readonly Endpoint[],
  defaultId: string,
): { endpoint: Endpoint; model: string } {
  const fallback = endpoints.find((e) => e.id === defaultId) ?? endpoints[0];
  const match = matchEndpoint(config?.baseUrl, endpoints);
  // A config pointing somewhere no saved endpoint lives is sent there, without a key: keys never travel to other hosts.
  const endpoint = match ?? (config?.baseUrl && fallback ? { ...fallback, baseUrl: config.baseUrl, apiKey: "" } : fallback);
  if (!endpoint) throw new Error("no model endpoint is set up on this device: add one in the Models panel");
  return { endpoint, model: config?.model || endpoint.model };
}
