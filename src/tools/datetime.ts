import { z } from "zod";
import { defineTool } from "./builtinTool";

/** The datetime tool: the current moment as UTC ISO and as a readable date and time in an IANA time zone. */
export const datetimeTool = defineTool({
  name: "datetime",
  args: z.object({
    timezone: z
      .string()
      .optional()
      .describe("IANA time zone such as Europe/Paris, America/New_York or UTC; leave out for the default zone."),
  }),
  config: z.object({ timezone: z.string().min(1, "must not be empty").optional() }),
  example: { timezone: "Europe/Paris" },
  run: ({ timezone }, { config, env }) => describeMoment(env.now(), timezone?.trim() || config.timezone),
});

/** Describes a moment in a zone (default: the device's); throws "datetime: unknown time zone …" for a bad zone name. */
export function describeMoment(epochMs: number, timezone?: string): string {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) throw new Error(`datetime: the clock gave an invalid time (${epochMs})`);
  const numeric = formatter(timezone, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const words = formatter(timezone, { weekday: "long", month: "long" });
  // ICU canonicalises to legacy names (Asia/Kolkata → Asia/Calcutta), so the zone is shown as asked, only its case fixed.
  const resolved = numeric.resolvedOptions().timeZone;
  const zone = !timezone || resolved.toLowerCase() === timezone.toLowerCase() ? resolved : timezone;
  const n = partsOf(numeric, date);
  const w = partsOf(words, date);
  // Intl gives no offset in a fixed format across ICU versions, so it is derived from the zone's wall-clock fields.
  const wallMs = Date.UTC(Number(n.year), Number(n.month) - 1, Number(n.day), Number(n.hour), Number(n.minute), Number(n.second));
  const offset = formatOffset(Math.round((wallMs - Math.floor(epochMs / 1000) * 1000) / 60_000));
  const time = `${n.hour}:${n.minute}:${n.second}`;
  return [
    `Now in ${zone}: ${w.weekday}, ${Number(n.day)} ${w.month} ${n.year}, ${time} (UTC${offset})`,
    `Local ISO 8601: ${n.year}-${n.month}-${n.day}T${time}${offset}`,
    `UTC: ${date.toISOString()}`,
  ].join("\n");
}

function formatter(timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat("en-US", { ...options, hourCycle: "h23", ...(timeZone ? { timeZone } : {}) });
  } catch {
    throw new Error(`datetime: unknown time zone '${timeZone}'; use an IANA name such as Europe/Paris, America/New_York or UTC`);
  }
}

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
