import DOMPurify, { type Config } from "dompurify";
import { Marked, type Tokens } from "marked";
import { memo, useMemo } from "react";
// Markdown also renders outside the console (the final answer, review requests), so it brings its styles itself.
import "./markdown.css";

/*
 * Model output is untrusted: a prompt injection can make a model write anything. Two layers keep it inert:
 * 1. marked never passes raw HTML through: it is shown as text (only a bare <br> becomes a line break), images become
 *    plain links (an <img> would load at once and can leak data through its URL), task-list checkboxes become ☐/☑.
 * 2. DOMPurify then keeps only a short list of formatting tags and the attributes href/title/align/start, and only
 *    http(s), mailto and #anchor links. No script, style, iframe, form, input or img; no on* handlers, no class or id.
 * Links open in a new tab with rel="noopener noreferrer".
 */

const ALLOWED_TAGS = [
  "a",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "li",
  "ol",
  "p",
  "pre",
  "strong",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];

const PURIFY_CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ["href", "title", "align", "start"],
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|#)/i,
  // DOMPurify checks every attribute not listed as URI-safe against ALLOWED_URI_REGEXP; these two hold no URLs.
  ADD_URI_SAFE_ATTR: ["align", "start"],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => (/^<br\s*\/?>$/i.test(text.trim()) ? "<br>" : escapeHtml(text)),
    image: ({ href, text }: Tokens.Image) => `<a href="${escapeHtml(href)}">${escapeHtml(text ? `image: ${text}` : href)}</a>`,
    checkbox: ({ checked }: Tokens.Checkbox) => (checked ? "☑ " : "☐ "),
  },
});

type Purifier = ReturnType<typeof DOMPurify>;
let purifier: Purifier | null | undefined;

/** A DOMPurify instance of our own, so its link hook does not change anyone else's; null where there is no DOM. */
function getPurifier(): Purifier | null {
  if (purifier !== undefined) return purifier;
  if (typeof window === "undefined") return null;
  const instance = DOMPurify(window);
  if (!instance.isSupported) {
    purifier = null;
    return null;
  }
  instance.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName === "A" && node.hasAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });
  purifier = instance;
  return instance;
}

const CACHE_SIZE = 200;
const cache = new Map<string, string>();

/** Markdown to sanitised HTML (see the comment at the top of this file); memoised by text. Without a DOM it returns escaped text. */
export function renderMarkdown(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) {
    // Refresh the entry: the map's order is the least-recently-used order.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const purify = getPurifier();
  const html = purify
    ? purify.sanitize(marked.parse(text, { async: false }), { ...PURIFY_CONFIG, RETURN_TRUSTED_TYPE: false })
    : `<p>${escapeHtml(text)}</p>`;
  cache.set(text, html);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return html;
}

/** Model output rendered as sanitised Markdown (GFM): no HTML from a model is ever interpreted. */
export const Markdown = memo(function Markdown({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return (
    <div
      className={className ? `console-md ${className}` : "console-md"}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown escapes raw HTML and sanitises the result with DOMPurify
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
