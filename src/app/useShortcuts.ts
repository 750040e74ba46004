import { useReactFlow } from "@xyflow/react";
import { useEffect } from "react";
import { FIT_VIEW } from "../canvas/fitPadding";
import { type Fragment, parseFragment, useAppStore } from "../store";
import { downloadCrew } from "./fileActions";

const isEditable = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** App-wide keyboard shortcuts; text fields keep their own undo, copy and paste. */
export function useShortcuts(tidy: () => void): void {
  const store = useAppStore();
  const flow = useReactFlow();
  useEffect(() => {
    let pasteSeen = false;
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const s = store.getState();
      if (mod && key === "s") {
        e.preventDefault();
        void s.saveNow().then(() => s.toast("Saved on this device", "success"));
        return;
      }
      if (mod && key === "e") {
        e.preventDefault();
        downloadCrew(s.crew, s.endpoints);
        return;
      }
      if (mod && key === "enter") {
        e.preventDefault();
        if (!s.liveRun) s.openDialog({ kind: "run" });
        return;
      }
      if (mod && key === ".") {
        e.preventDefault();
        s.stopRun();
        return;
      }
      if (key === "f8") {
        // F8 pauses and resumes, as in browser debuggers.
        e.preventDefault();
        if (s.liveRun?.paused) s.resumeRun();
        else if (s.liveRun) s.pauseRun();
        return;
      }
      if (isEditable(e.target) || document.querySelector("dialog[open]")) return;
      const history = store.temporal.getState();
      if (mod && key === "z" && !e.shiftKey) history.undo();
      else if (mod && ((key === "z" && e.shiftKey) || key === "y")) history.redo();
      else if (mod && key === "c") s.copySelection();
      else if (mod && key === "d") s.duplicateSelection();
      else if (mod && key === "a") s.selectAll();
      else if (mod && key === "v") {
        // The paste event (which can carry another tab's nodes) comes next; fall back to our own clipboard.
        pasteSeen = false;
        setTimeout(() => {
          if (!pasteSeen) store.getState().paste();
        }, 0);
        return;
      } else if (e.shiftKey && e.code === "Digit1") void flow.fitView({ ...FIT_VIEW, duration: 300 });
      else if (e.shiftKey && key === "l") tidy();
      else if (e.shiftKey && key === "m") s.openDialog({ kind: "memory" });
      else if (key === "?") s.openDialog({ kind: "shortcuts" });
      else if (key === "escape") s.select([]);
      else return;
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(e.target) || document.querySelector("dialog[open]")) return;
      pasteSeen = true;
      const text = e.clipboardData?.getData("text/plain") ?? "";
      const fragment = parseFragment(text);
      const s = store.getState();
      e.preventDefault();
      if (fragment && !sameNodes(fragment, s.clipboard)) s.paste(fragment);
      else if (text.includes('"crewdeck.crew"')) void s.importCrewText(text, "Pasted JSON");
      else s.paste();
    };
    window.addEventListener("keydown", onKey);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("paste", onPaste);
    };
  }, [store, flow, tidy]);
}

/** True when the system clipboard holds what we copied ourselves, so our offsetting clipboard is used. */
function sameNodes(a: Fragment, b: Fragment | null): boolean {
  const ids = (f: Fragment) => [...f.agents, ...f.tasks, ...f.tools].map((n) => n.id).join(",");
  return b !== null && a.sourceCrew === b.sourceCrew && ids(a) === ids(b);
}
