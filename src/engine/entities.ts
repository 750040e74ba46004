/** An entity found in a text: its name, a rough type and the sentences that mention it. */
export interface FoundEntity {
  name: string;
  /** "product" for product-like tokens (digits, inner capitals, acronyms); "name" for capitalised names. */
  type: "product" | "name";
  sentences: string[];
  mentions: number;
}

/** Most entities kept from one text, most mentioned first, so a long report does not flood memory. */
const MAX_ENTITIES = 12;
const MAX_SENTENCES = 3;
const SENTENCE_CHARS = 300;
const MAX_WORDS = 5;

// Capitalised words that start sentences, headings and lists far more often than they name anything.
const COMMON = new Set(
  (
    "a an and are as at be but by for from has have he her here his how i if in into is it its let me my no not of on or our " +
    "she so some such that the their them then there these they this those to use was we were what when where which while " +
    "who why will with you your after before also all any each every first second third finally next last other another " +
    "many most more one two three four five day days step steps note notes summary overview introduction conclusion " +
    "result results task tasks answer final option options total example important tip tips yes ok okay however " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august " +
    "september october november december morning afternoon evening night today tomorrow yesterday please thanks " +
    "good best great new key main top"
  ).split(" "),
);
// Small words allowed inside a name ("Bank of England", "Rio de Janeiro").
const JOINERS = new Set(["of", "de", "da", "do", "del", "der", "van", "von", "la", "le", "du", "&"]);
// Acronyms that are formatting or units rather than things.
const NOT_ACRONYMS = new Set(["OK", "AM", "PM", "TODO", "NB", "PS", "ID", "URL", "USD", "EUR", "FAQ", "TL", "DR"]);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]|&/gu;

/**
 * Finds the people, places, products and other named things in a task's output, with what was said about them,
 * without a model call: runs of capitalised words and product-like tokens, leaving out common words that are only
 * capitalised because they start a sentence, and heading lines.
 */
export function extractEntities(text: string): FoundEntity[] {
  const found = new Map<string, FoundEntity & { first: number; midSentence: boolean }>();
  const sentences = splitSentences(text);
  sentences.forEach((sentence, index) => {
    for (const { name, type, initial } of namesIn(sentence)) {
      const key = name.toLowerCase();
      const entry = found.get(key) ?? { name, type, sentences: [], mentions: 0, first: index, midSentence: false };
      entry.mentions++;
      entry.midSentence ||= !initial;
      const said = clip(sentence, SENTENCE_CHARS);
      if (entry.sentences.length < MAX_SENTENCES && !entry.sentences.includes(said)) entry.sentences.push(said);
      found.set(key, entry);
    }
  });
  return (
    [...found.values()]
      // A lone capitalised word seen only at the start of sentences is most likely an ordinary word.
      .filter((e) => e.midSentence || e.name.includes(" ") || e.type === "product")
      .sort((a, b) => b.mentions - a.mentions || a.first - b.first)
      .slice(0, MAX_ENTITIES)
      .map(({ name, type, sentences: said, mentions }) => ({ name, type, sentences: said, mentions }))
  );
}

/** Splits plain or Markdown text into sentences, dropping headings, list markers and emphasis. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || /^#{1,6}\s/.test(line) || /^[-=|:\s]+$/.test(line)) continue;
    const plain = line
      .replace(/^([-*+]|\d+[.)])\s+/, "")
      .replace(/[*_`]+/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    for (const part of plain.split(/(?<=[.!?])\s+(?=["'“(]?[\p{Lu}\p{N}])/u)) if (part.trim()) out.push(part.trim());
  }
  return out;
}

function namesIn(sentence: string): { name: string; type: FoundEntity["type"]; initial: boolean }[] {
  const words = [...sentence.matchAll(WORD)].map((m) => ({ text: m[0].replace(/['’]s$/u, "").replace(/[.’']+$/u, ""), at: m.index ?? 0 }));
  const names: { name: string; type: FoundEntity["type"]; initial: boolean }[] = [];
  let run: string[] = [];
  let runStart = -1;
  const close = () => {
    while (run.length && JOINERS.has(run[run.length - 1]?.toLowerCase() ?? "")) run.pop();
    // Drop a sentence-initial common word ("The Eiffel Tower" → "Eiffel Tower", "Visit Lisbon" → "Lisbon").
    let initial = runStart === 0;
    while (run.length && COMMON.has(run[0]?.toLowerCase() ?? "")) {
      run.shift();
      initial = false;
    }
    if (run.length > 0 && run.length <= MAX_WORDS) {
      const name = run.join(" ");
      names.push({ name, type: run.some(productLike) ? "product" : "name", initial: initial && run.length === 1 });
    }
    run = [];
    runStart = -1;
  };
  words.forEach((word, i) => {
    const t = word.text;
    if (capitalised(t) || productLike(t)) {
      if (run.length === 0) runStart = i;
      run.push(t);
    } else if (run.length && JOINERS.has(t.toLowerCase()) && capitalised(words[i + 1]?.text ?? "")) run.push(t);
    else if (run.length) close();
  });
  if (run.length) close();
  return names.filter((n) => !COMMON.has(n.name.toLowerCase()));
}

function capitalised(word: string): boolean {
  return /^\p{Lu}[\p{Ll}'’-]+$/u.test(word) || productLike(word);
}

/** Product-like: letters with digits ("GPT-4", "iPhone15"), inner capitals ("WebGPU", "iPhone") or an acronym ("NASA"). */
function productLike(word: string): boolean {
  if (NOT_ACRONYMS.has(word) || word.length < 2) return false;
  if (/^\p{Lu}{2,6}s?$/u.test(word)) return true;
  if (/\p{L}/u.test(word) && /\p{N}/u.test(word) && !/^\d/.test(word)) return true;
  return /^\p{L}+$/u.test(word) && /\p{Ll}\p{Lu}/u.test(word);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
