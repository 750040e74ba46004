import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToText } from "./htmlText";

describe("decodeEntities", () => {
  it("decodes once, so escaped markup stays text", () => {
    expect(decodeEntities("&amp;lt;b&amp;gt; &lt;b&gt; &#65;&#x42; &#0; &#xD800; &constructor; &AMP;")).toBe(
      "&lt;b&gt; <b> AB \uFFFD \uFFFD &constructor; &AMP;",
    );
  });
});

describe("htmlToText", () => {
  it("keeps paragraphs apart and lines of a list together", () => {
    const html = "<div>Intro\n   text</div><p>First</p><p>Second<br>line</p><ol><li>a</li><li>b</li></ol>";
    expect(htmlToText(html)).toEqual({ title: "", text: "Intro text\n\nFirst\n\nSecond\nline\n\na\nb" });
  });

  it("drops hidden content, comments and unclosed scripts", () => {
    const html =
      "<title>\n A &amp; B\n</title><style>p{}</style><p>shown<!-- hidden --></p><svg><text>icon</text></svg><script>let x = '<p>'";
    expect(htmlToText(html)).toEqual({ title: "A & B", text: "shown" });
  });

  it("does not mistake comparisons or quoted '>' for tags", () => {
    expect(htmlToText('<p>1 < 2 and 3 > 2 <a title="x>y" href="#">ok</a></p>').text).toBe("1 < 2 and 3 > 2 ok");
  });
});
