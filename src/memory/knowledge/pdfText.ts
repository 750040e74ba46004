import type { PdfTextReader } from "./parseSource";

/** The part of pdf.js this reader uses (both builds have it). */
export interface PdfJs {
  getDocument(options: Record<string, unknown>): {
    promise: Promise<{
      numPages: number;
      getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }> }>;
      destroy(): Promise<void>;
    }>;
  };
}

/** A PDF reader over a pdf.js module, loaded on first use; lines follow pdf.js's end-of-line marks, pages are paragraphs. */
export function pdfTextReader(load: () => Promise<PdfJs>): PdfTextReader {
  return async (bytes, onPage) => {
    const pdfjs = await load();
    // pdf.js takes ownership of the buffer it is given; a copy keeps the caller's bytes usable.
    const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
    try {
      const pages: string[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const content = await (await doc.getPage(n)).getTextContent();
        let text = "";
        for (const item of content.items as { str?: string; hasEOL?: boolean }[]) {
          if (typeof item.str !== "string") continue;
          text += item.str + (item.hasEOL ? "\n" : "");
        }
        pages.push(text.trim());
        onPage(n, doc.numPages);
      }
      return pages.filter(Boolean).join("\n\n");
    } finally {
      await doc.destroy();
    }
  };
}
