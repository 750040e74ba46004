import { useEffect } from "react";
import { useApp, useAppStore } from "../../store";
import { Dialog } from "../Dialog";
import { AddKnowledge } from "./AddKnowledge";
import { KnowledgeSources } from "./KnowledgeSources";
import { StorageMeter } from "./StorageMeter";
import "./knowledge.css";

/** The crew's knowledge: add pasted text or files for the crew or one agent, watch them index, delete or re-index them. */
export function KnowledgeDialog({ onClose, agentId }: { onClose: () => void; agentId?: string }) {
  const store = useAppStore();
  const crewId = useApp((s) => s.crewId);
  const storage = useApp((s) => (s.knowledge.crewId === s.crewId ? s.knowledge.storage : null));
  useEffect(() => {
    if (crewId)
      void store
        .getState()
        .refreshKnowledge()
        .catch((e: Error) => store.getState().toast(`Could not list knowledge: ${e.message}`, "error"));
  }, [crewId, store]);
  return (
    <Dialog title="Knowledge" onClose={onClose} wide>
      {crewId ? (
        <div className="knowledge">
          <AddKnowledge {...(agentId ? { agentId } : {})} />
          <KnowledgeSources />
          {storage && <StorageMeter storage={storage} />}
        </div>
      ) : (
        <p>This crew is not saved yet. Knowledge belongs to a saved crew: wait for “Saved” in the toolbar and open Knowledge again.</p>
      )}
    </Dialog>
  );
}
