import type { DragEvent } from "react";
import { BUILTIN_TOOL_INFO, BUILTIN_TOOLS, type NodeKind } from "../model";

/** MIME type of palette drags, so drops of other things (files, text) are told apart. */
export const PALETTE_MIME = "application/x-crewdeck-node";

/** What a palette item creates. */
export interface PaletteItem {
  kind: NodeKind;
  toolName?: string;
  label: string;
  hint: string;
}

const ITEMS: PaletteItem[] = [
  { kind: "agent", label: "Agent", hint: "A persona with a role, a goal and a backstory" },
  { kind: "task", label: "Task", hint: "Work with an expected output, done by one agent" },
  ...BUILTIN_TOOLS.map((name) => ({
    kind: "tool" as const,
    toolName: name,
    label: BUILTIN_TOOL_INFO[name]?.label ?? name,
    hint: BUILTIN_TOOL_INFO[name]?.description ?? "",
  })),
];

/** The palette: drag an item onto the canvas, or press it (click, Enter) to add it in view. */
export function Palette({ onAdd }: { onAdd: (item: PaletteItem) => void }) {
  const onDragStart = (event: DragEvent, item: PaletteItem) => {
    event.dataTransfer.setData(PALETTE_MIME, JSON.stringify({ kind: item.kind, toolName: item.toolName }));
    event.dataTransfer.effectAllowed = "copy";
  };
  return (
    <nav className="palette" aria-label="Palette">
      <h2 className="panel-title">Add to crew</h2>
      <ul>
        {ITEMS.map((item, i) => (
          <li key={item.toolName ?? item.kind}>
            {i === 2 && <h3 className="palette__group">Tools</h3>}
            <button
              type="button"
              className={`palette__item palette__item--${item.kind}`}
              draggable
              onDragStart={(e) => onDragStart(e, item)}
              onClick={() => onAdd(item)}
              title={`${item.hint}. Drag onto the canvas, or press to add.`}
              data-palette={item.toolName ?? item.kind}
            >
              <span className="palette__label">{item.label}</span>
              <span className="palette__hint">{item.hint}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
