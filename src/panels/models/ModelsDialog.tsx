import { useState } from "react";
import { Dialog } from "../Dialog";
import { EndpointsEditor } from "../EndpointsEditor";
import { PriceTable } from "../run/PriceTable";
import { LocalModels } from "./LocalModels";

/** The Models dialog: endpoints with prices, and models that run in this tab. */
export function ModelsDialog({ onClose, preset, tab }: { onClose: () => void; preset?: string; tab?: "endpoints" | "local" }) {
  const [shown, setShown] = useState(tab ?? "endpoints");
  return (
    <Dialog title="Models" onClose={onClose} wide>
      <div role="tablist" className="tabs" aria-label="Kind of model">
        {(["endpoints", "local"] as const).map((t) => (
          <button key={t} type="button" role="tab" className="tabs__tab" aria-selected={shown === t} onClick={() => setShown(t)}>
            {t === "endpoints" ? "Endpoints & prices" : "In-browser models"}
          </button>
        ))}
      </div>
      {shown === "endpoints" ? (
        <>
          <EndpointsEditor {...(preset ? { preset } : {})} />
          <PriceTable />
        </>
      ) : (
        <LocalModels />
      )}
    </Dialog>
  );
}
