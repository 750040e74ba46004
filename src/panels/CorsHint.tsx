import { useApp } from "../store";
import { corsFixFor, looksLikeCors } from "./endpointPresets";

/**
 * Under a failed run: when the failure looks like the browser refusing the endpoint (CORS), says what to change on
 * the server, as Test connection does. A run error alone cannot tell the person how to fix it.
 */
export function CorsHint({ error }: { error: string | undefined }) {
  const endpoints = useApp((s) => s.endpoints);
  if (!error || !looksLikeCors(error)) return null;
  return (
    <p className="panel-note run-panel__hint" role="note">
      How to fix: {corsFixFor(error, endpoints)}
    </p>
  );
}
