import { type PdfJs, pdfTextReader } from "./pdfText";

/**
 * pdf.js in the browser, fetched on first use (it stays out of the initial bundle). This runs inside the parsing
 * worker already, so pdf.js parses in this thread: its worker module is handed over as `globalThis.pdfjsWorker`.
 */
export const browserPdfReader = pdfTextReader(async () => {
  const [pdfjs, worker] = await Promise.all([import("pdfjs-dist"), import("pdfjs-dist/build/pdf.worker.mjs")]);
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  return pdfjs as unknown as PdfJs;
});
