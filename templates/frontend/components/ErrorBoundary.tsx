// Catches a render error below it and shows a fallback instead of a blank page.
// Used around every page (pages/_app.tsx) and every agent's result (JobDetail.tsx),
// so one result the renderer cannot draw does not take the dashboard down.
import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** What broke, for the fallback's message: "This page", "The writer's result". */
  what?: string;
  /** A custom fallback; gets the error and a reset function. */
  fallback?: (error: Error, reset: () => void) => ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  reset = () => this.setState({ error: null });

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (this.props.fallback) return this.props.fallback(error, this.reset);
    return (
      <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        <p className="font-medium">{this.props.what ?? "This part of the page"} could not be shown.</p>
        <p className="mt-1 text-red-700">{error.message}</p>
        <button type="button" onClick={this.reset} className="mt-2 rounded border border-red-300 px-3 py-1 hover:bg-red-100">
          Try again
        </button>
      </div>
    );
  }
}
