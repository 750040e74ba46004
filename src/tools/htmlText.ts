/**
 * Readable text from HTML without a DOM (the tools also run in Node and workers). Regex-based on purpose: the goal is text
 * an agent can read, not a faithful parse.
 */

const NAMED_ENTITIES = new Map<string, string>([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", "\u00A0"],
  ["ndash", "–"],
  ["mdash", "—"],
  ["hellip", "…"],
  ["lsquo", "‘"],
  ["rsquo", "’"],
  ["ldquo", "“"],
  ["rdquo", "”"],
  ["laquo", "«"],
  ["raquo", "»"],
  ["bull", "•"],
  ["middot", "·"],
  ["copy", "©"],
  ["reg", "®"],
  ["trade", "™"],
  ["deg", "°"],
  ["times", "×"],
  ["divide", "÷"],
  ["euro", "€"],
  ["pound", "£"],
  ["yen", "¥"],
  ["cent", "¢"],
  ["sect", "§"],
  ["para", "¶"],
  ["shy", ""],
]);

// Elements whose content is never readable text.
const HIDDEN = /<(script|style|noscript|template|title|svg|iframe|object)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const UNCLOSED_HIDDEN = /<(?:script|style)\b[^>]*>[\s\S]*$/i;
// Elements that end a paragraph, and elements that only start a new line, so words of neighbouring blocks do not run together.
const PARAGRAPH = /<\/?(?:p|h[1-6]|ul|ol|dl|table|blockquote|pre|hr|section|article|header|footer|nav|aside|main|figure|form)\b[^>]*>/gi;
const LINE = /<\/?(?:div|br|li|dt|dd|tr|thead|tbody|figcaption|fieldset|address|details|summary)\b[^>]*>/gi;
// Marks a paragraph break until whitespace is tidied; the page's own private-use characters of this value are dropped first.
const BREAK = "\uE000";
const CELL = /<\/?t[dh]\b[^>]*>/gi;
// A tag, allowing quoted attribute values that contain ">".
const TAG = /<\/?[A-Za-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/g;

/** Decodes named (common ones) and numeric character references; unknown names stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return valid ? String.fromCodePoint(code) : "\uFFFD";
    }
    return NAMED_ENTITIES.get(body) ?? whole;
  });
}

/** The page title and its visible text, with scripts, styles and tags removed and entities decoded. */
export function htmlToText(html: string): { title: string; text: string } {
  const titleMatch = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  const title = decodeEntities(titleMatch?.[1] ?? "")
    .replace(/\s+/g, " ")
    .trim();
  const marked = html
    .replaceAll(BREAK, "")
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
    .replace(HIDDEN, " ")
    .replace(UNCLOSED_HIDDEN, " ")
    // Line breaks in HTML source are just spaces; only block elements break lines.
    .replace(/\s+/g, " ")
    .replace(PARAGRAPH, BREAK)
    .replace(LINE, "\n")
    .replace(CELL, " ")
    .replace(TAG, "")
    .replace(/<[!?][^>]*>/g, "");
  const text = decodeEntities(marked)
    .replace(/[^\S\n]+/g, " ")
    .replace(/ *\n[ \n]*/g, "\n")
    .replace(new RegExp(`[ \n]*${BREAK}[ \n${BREAK}]*`, "g"), "\n\n")
    .trim();
  return { title, text };
}
