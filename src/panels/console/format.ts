/** A duration for people: "850 ms", "1.2 s", "2 min 5 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** A token count with thousands separators. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}
// One formatter for every count: toLocaleString builds a new one on each call, which shows in long runs' profiles.
const COUNT = new Intl.NumberFormat("en-US");

/** A value as indented JSON; strings stay as they are, and values JSON cannot hold fall back to String(). */
export function formatJson(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Text cut to `max` characters, saying how much was left out, so a huge tool output cannot stall the page. */
export function clip(text: string, max = 20_000): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… ${formatCount(text.length - max)} more characters`;
}

/** The first line of a text, shortened for a one-line summary (the row's CSS cuts it further to the width it has). */
export function preview(text: string, max = 200): string {
  const line = text.trim().split("\n", 1)[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The first line of model-written Markdown without its block markers: "# Title" reads "Title", "| a | b |" reads "a · b". */
export function previewMarkdown(text: string, max = 200): string {
  const line = preview(text, Number.POSITIVE_INFINITY)
    .replace(/^(#{1,6}|>|[-*+])\s+/, "")
    .replace(/^\|\s*|\s*\|$/g, "")
    .replace(/\s*\|\s*/g, " · ");
  return preview(line, max);
}
