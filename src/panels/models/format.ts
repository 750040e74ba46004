/** A size in megabytes as people read it: "850 MB", "4.2 GB". */
export function formatMB(mb: number): string {
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${Math.round(mb)} MB`;
}

/** A byte count as people read it. */
export function formatBytes(bytes: number): string {
  return formatMB(bytes / (1024 * 1024));
}
