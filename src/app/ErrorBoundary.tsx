import { Component, type ErrorInfo, type ReactNode } from "react";

/** Shows a readable message instead of a blank page when rendering fails; crews are already saved on the device. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("crewdeck: the editor failed to render", error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h1>Something went wrong in the editor</h1>
        <p>Your crews are saved on this device. Reloading usually helps; if it keeps happening, export the crew from another tab.</p>
        <pre>{error.message}</pre>
        <button type="button" className="button button--primary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
