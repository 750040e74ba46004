import { useEffect } from "react";
import { type Toast, useApp, useAppStore } from "../store";

/** Short-lived messages; errors stay until dismissed, others fade after a few seconds. */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useAppStore().getState().dismissToast;
  useEffect(() => {
    if (toast.kind === "error") return;
    const timer = setTimeout(() => dismiss(toast.id), toast.action ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <div className={`toast toast--${toast.kind}`} data-kind={toast.kind}>
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            toast.action?.run();
            dismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}
