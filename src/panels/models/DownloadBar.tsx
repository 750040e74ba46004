import type { DownloadProgress } from "../../model";
import { formatMB } from "./format";

/** A download going: bar, megabytes done of total, speed, and Cancel. */
export function DownloadBar({ progress, label, onCancel }: { progress: DownloadProgress; label: string; onCancel: () => void }) {
  const percent = Math.round(progress.fraction * 100);
  return (
    <div className="download-bar" data-downloading={progress.modelId}>
      <progress max={100} value={percent} aria-label={`Downloading ${label}`} />
      {progress.waiting ? (
        <span className="download-bar__text" role="status">
          {progress.waiting}
        </span>
      ) : (
        <span className="download-bar__text">
          {Math.round(progress.loadedMB)} MB of {formatMB(progress.totalMB)} · {progress.mbPerSecond.toFixed(1)} MB/s · {percent}%
        </span>
      )}
      <button type="button" className="button button--small" onClick={onCancel} aria-label={`Cancel download of ${label}`}>
        Cancel
      </button>
    </div>
  );
}
