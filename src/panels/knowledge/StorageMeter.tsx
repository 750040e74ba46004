import type { StorageUse } from "../../model";
import { STORAGE_WARNING_SHARE } from "../../store";
import { formatSize } from "./format";

/** The browser's storage for this site: how much is used of the quota, with a warning near the limit. */
export function StorageMeter({ storage }: { storage: StorageUse }) {
  const share = storage.quota > 0 ? storage.usage / storage.quota : 0;
  const near = share >= STORAGE_WARNING_SHARE;
  return (
    <section className={`knowledge__storage${near ? " knowledge__storage--near" : ""}`} aria-label="Browser storage">
      <meter min={0} max={1} value={share} high={STORAGE_WARNING_SHARE} aria-label="Storage used" />
      <span>
        Browser storage for this site: {formatSize(storage.usage)} used of {formatSize(storage.quota)} ({Math.round(share * 100)}%).
      </span>
      {near && (
        <p role="alert">
          Storage is nearly full: a new source may not fit. Delete sources, old runs or downloaded models to make room; what is stored stays
          intact either way.
        </p>
      )}
    </section>
  );
}
