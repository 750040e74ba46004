import { describe, expect, it } from "vitest";
import { BuiltinToolHost } from "./BuiltinToolHost";
import { describeMoment } from "./datetime";
import { builtinTool, toolContext } from "./testSupport";

// Sunday 10 March 2024, 14:30:05 UTC: a few hours after New York switched to daylight saving time.
const NOW = Date.UTC(2024, 2, 10, 14, 30, 5, 250);

describe("datetime", () => {
  it("describes the moment in a named zone", () => {
    expect(describeMoment(NOW, "Europe/Paris")).toBe(
      [
        "Now in Europe/Paris: Sunday, 10 March 2024, 15:30:05 (UTC+01:00)",
        "Local ISO 8601: 2024-03-10T15:30:05+01:00",
        "UTC: 2024-03-10T14:30:05.250Z",
      ].join("\n"),
    );
  });

  it.each([
    ["America/New_York", "Sunday, 10 March 2024, 10:30:05 (UTC-04:00)", "2024-03-10T10:30:05-04:00"],
    ["Asia/Kolkata", "Sunday, 10 March 2024, 20:00:05 (UTC+05:30)", "2024-03-10T20:00:05+05:30"],
    ["Pacific/Auckland", "Monday, 11 March 2024, 03:30:05 (UTC+13:00)", "2024-03-11T03:30:05+13:00"],
    ["UTC", "Sunday, 10 March 2024, 14:30:05 (UTC+00:00)", "2024-03-10T14:30:05+00:00"],
  ])("%s", (zone, readable, iso) => {
    const text = describeMoment(NOW, zone);
    expect(text).toContain(`Now in ${zone}: ${readable}`);
    expect(text).toContain(`Local ISO 8601: ${iso}`);
    expect(text).toContain("UTC: 2024-03-10T14:30:05.250Z");
  });

  it("fixes the case of a zone name but keeps the name asked for", () => {
    expect(describeMoment(NOW, "utc")).toContain("Now in UTC:");
    expect(describeMoment(NOW, "europe/paris")).toContain("Now in Europe/Paris:");
  });

  it("shows midnight as 00, not 24", () => {
    expect(describeMoment(Date.UTC(2024, 0, 1, 0, 0, 0), "UTC")).toContain("Monday, 1 January 2024, 00:00:00");
  });

  it("refuses an unknown zone clearly", () => {
    expect(() => describeMoment(NOW, "Mars/Olympus_Mons")).toThrow(
      "datetime: unknown time zone 'Mars/Olympus_Mons'; use an IANA name such as Europe/Paris, America/New_York or UTC",
    );
  });

  it("runs through the host with the injected clock, the config's zone as default", async () => {
    const host = new BuiltinToolHost({ now: () => NOW });
    const context = toolContext();
    expect(await host.invoke(builtinTool("datetime"), { timezone: "Asia/Tokyo" }, context)).toContain(
      "Now in Asia/Tokyo: Sunday, 10 March 2024, 23:30:05 (UTC+09:00)",
    );
    expect(await host.invoke(builtinTool("datetime", { timezone: "Europe/Paris" }), {}, context)).toContain("Now in Europe/Paris");
    expect(await host.invoke(builtinTool("datetime", { timezone: "Europe/Paris" }), { timezone: " " }, context)).toContain(
      "Now in Europe/Paris",
    );
    expect(await host.invoke(builtinTool("datetime"), {}, context)).toContain("UTC: 2024-03-10T14:30:05.250Z");
    await expect(host.invoke(builtinTool("datetime"), { timezone: "Nowhere" }, context)).rejects.toThrow(
      "datetime: unknown time zone 'Nowhere'",
    );
  });
});
