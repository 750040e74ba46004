import { type Crew, crewFileName, type Endpoint, serializeCrew } from "../model";
import { redactKeys } from "../store";

/**
 * Downloads the crew as `<crew-name>.crew.json`: scrubbed of credentials by serializeCrew, and of any key stored on
 * this device that was pasted into a field by mistake.
 */
export function downloadCrew(crew: Crew, endpoints: readonly Endpoint[]): void {
  const blob = new Blob([redactKeys(serializeCrew(crew), endpoints)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = crewFileName(crew.name);
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a dropped or chosen file as text, refusing files too large to be a crew. */
export async function readCrewFile(file: File): Promise<string> {
  const MAX = 5 * 1024 * 1024;
  if (file.size > MAX) throw new Error(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; a crew file is at most 5 MB`);
  return file.text();
}
