import type { PdfTextReader } from "./parseSource";
import { type PdfJs, pdfTextReader } from "./pdfText";

/** pdf.js in Node (the CLI, unit tests): the legacy build, which runs on Node 20 and parses in this thread. */
export const nodePdfReader: PdfTextReader = pdfTextReader(
  async () => (await import("pdfjs-dist/legacy/build/pdf.mjs")) as unknown as PdfJs,
);
