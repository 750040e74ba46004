import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BuiltinToolHost } from "./BuiltinToolHost";
import { builtinTool, toolContext } from "./testSupport";

const PAGE = `<!DOCTYPE html>
<html><head><title> Crew &amp; Co — News </title><style>body { color: red }</style>
<script>var secret = "<p>not text</p>";</script></head>
<body><!-- a comment -->
  <h1>Hello&nbsp;world</h1><p>Fish &lt;3 chips &#8212; &#x1F41F; &unknown; <a href="/x" title="a>b">link</a></p>
  <ul><li>one</li><li>two</li></ul><noscript>enable JS</noscript>
  <table><tr><td>a</td><td>b</td></tr></table>
</body></html>`;

let server: Server;
let base: string;
/** Resolves when the server sees the client drop a response, to prove an abort really closed the connection. */
const closed = new Map<string, Promise<void>>();

function track(path: string, res: ServerResponse): void {
  closed.set(path, new Promise((resolve) => res.on("close", () => resolve())));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    track(path, res);
    if (path === "/page") return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    if (path === "/data") return void res.writeHead(200, { "content-type": "application/json" }).end('{"a":1,"list":[true,null]}');
    if (path === "/bad-json") return void res.writeHead(200, { "content-type": "application/json" }).end("{oops");
    if (path === "/text") return void res.writeHead(200, { "content-type": "text/plain" }).end("  plain\n\ntext  ");
    if (path === "/latin1")
      return void res.writeHead(200, { "content-type": "text/plain; charset=iso-8859-1" }).end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    if (path === "/untyped") return void res.end("<html><title>T</title><p>x</p></html>");
    if (path === "/empty") return void res.writeHead(200, { "content-type": "text/plain" }).end();
    if (path === "/redirect") return void res.writeHead(302, { location: "/text" }).end();
    if (path === "/missing") return void res.writeHead(404, { "content-type": "text/plain" }).end("nope");
    if (path === "/pdf") return void res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.7");
    if (path === "/big") {
      res.writeHead(200, { "content-type": "text/plain" });
      // An endless body: only the size limit can end this read.
      const timer = setInterval(() => res.write("x".repeat(4096)), 1);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if (path === "/stall-body") return void res.writeHead(200, { "content-type": "text/plain" }).write("partial");
    // "/hang" and anything else: never answer.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const host = new BuiltinToolHost();
const get = (path: string, config: Record<string, unknown> = {}, context = toolContext()) =>
  host.invoke(builtinTool("http_get", config), { url: `${base}${path}` }, context);

describe("http_get", () => {
  it("extracts the title and visible text of an HTML page", async () => {
    expect(await get("/page")).toBe("Title: Crew & Co — News\n\nHello world\n\nFish <3 chips — 🐟 &unknown; link\n\none\ntwo\n\na b");
  });

  it("pretty-prints JSON and passes text through", async () => {
    expect(await get("/data")).toBe('{\n  "a": 1,\n  "list": [\n    true,\n    null\n  ]\n}');
    expect(await get("/bad-json")).toBe("{oops\n\n[the JSON could not be parsed, so it is shown as sent]");
    expect(await get("/text")).toBe("  plain\n\ntext  ");
    expect(await get("/latin1")).toBe("café");
    expect(await get("/untyped")).toBe("Title: T\n\nx");
    expect(await get("/empty")).toBe("(the response was empty)");
  });

  it("says where a redirect led", async () => {
    expect(await get("/redirect")).toBe(`URL: ${base}/text\n  plain\n\ntext  `);
  });

  it("stops reading past the size limit and says so", async () => {
    const output = await get("/big", { maxBytes: 10_000 });
    expect(output).toBe(
      `${"x".repeat(10_000)}\n\n[truncated: the response is larger than 10000 bytes; only the first 10000 bytes were read]`,
    );
    await closed.get("/big");
  });

  it("caps the text it returns", async () => {
    const output = await get("/big", { maxBytes: 5000, maxChars: 100 });
    expect(output).toBe(
      `${"x".repeat(100)}\n\n[cut: showing the first 100 of 5000 characters]\n\n[truncated: the response is larger than 5000 bytes; only the first 5000 bytes were read]`,
    );
  });

  it("aborts a request that does not answer in time", async () => {
    const started = Date.now();
    await expect(get("/hang", { timeoutMs: 150 })).rejects.toThrow(`http_get: ${base}/hang did not answer within 150 ms`);
    await closed.get("/hang");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("aborts a body that stalls", async () => {
    await expect(get("/stall-body", { timeoutMs: 150 })).rejects.toThrow(`http_get: ${base}/stall-body did not answer within 150 ms`);
    await closed.get("/stall-body");
  });

  it("rejects with the run's abort reason when the run is cancelled", async () => {
    const context = toolContext();
    setTimeout(() => context.controller.abort(new Error("run cancelled")), 50);
    await expect(get("/hang", {}, context)).rejects.toThrow(/^run cancelled$/);
  });

  it("reports HTTP errors with the status", async () => {
    await expect(get("/missing")).rejects.toThrow(`http_get: ${base}/missing answered with HTTP 404 Not Found`);
  });

  it("refuses content types it cannot read", async () => {
    await expect(get("/pdf")).rejects.toThrow(
      `http_get: ${base}/pdf returned application/pdf, which this tool cannot read (it reads HTML, JSON and text)`,
    );
  });

  it("explains a failed fetch as CORS or network", async () => {
    const refused = createServer();
    await new Promise<void>((resolve) => refused.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(refused.address() as AddressInfo).port}/`;
    await new Promise((resolve) => refused.close(resolve));
    await expect(host.invoke(builtinTool("http_get"), { url }, toolContext())).rejects.toThrow(
      `http_get: could not fetch ${url}: the site does not allow requests from this page (CORS) or the network failed`,
    );
  });

  it("uses the injected fetch and aborts a stream that ignores the signal", async () => {
    let pull = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        pull++;
        if (pull === 1) controller.enqueue(new TextEncoder().encode("start"));
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    });
    const fake = async () => new Response(endless, { headers: { "content-type": "text/plain" } });
    const custom = new BuiltinToolHost({ fetch: fake });
    await expect(
      custom.invoke(builtinTool("http_get", { timeoutMs: 100 }), { url: "https://example.com/" }, toolContext()),
    ).rejects.toThrow("http_get: https://example.com/ did not answer within 100 ms");
  });
});
