// Toasts: short messages in a corner, e.g. a failed API call. Wrap the app in
// <ToastProvider> (pages/_app.tsx) and call `useToast().error(message)` anywhere.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";

export type ToastKind = "error" | "info";

interface ToastItem {
  id: number;
  kind: ToastKind;
  message: string;
}

interface ToastApi {
  show: (message: string, kind?: ToastKind) => void;
  error: (message: string) => void;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** How long a toast stays, in ms (0: until dismissed). */
export const TOAST_MS = 6000;

export function ToastProvider({ children, duration = TOAST_MS }: { children: ReactNode; duration?: number }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((items) => items.filter((item) => item.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const show = useCallback(
    (message: string, kind: ToastKind = "info") => {
      // The same message twice in a row (a poll failing again) shows once.
      setToasts((items) => {
        if (items.some((item) => item.message === message && item.kind === kind)) return items;
        const id = next.current++;
        if (duration > 0) timers.current.set(id, setTimeout(() => dismiss(id), duration));
        return [...items, { id, kind, message }];
      });
    },
    [dismiss, duration],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  const api = useMemo<ToastApi>(() => ({ show, error: (message) => show(message, "error"), dismiss }), [show, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div aria-label="Notifications" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 max-w-[90vw] flex-col gap-2">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.kind === "error" ? "alert" : "status"}
            data-testid="toast"
            data-kind={toast.kind}
            className={`pointer-events-auto flex items-start justify-between gap-3 rounded border p-3 text-sm shadow ${
              toast.kind === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-slate-200 bg-white text-slate-800"
            }`}
          >
            <span>{toast.message}</span>
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(toast.id)} className="shrink-0 text-slate-500 hover:text-slate-900">
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

const NO_TOASTS: ToastApi = {
  show: (message) => console.warn(message),
  error: (message) => console.warn(message),
  dismiss: () => undefined,
};

/** The toasts of the nearest <ToastProvider> (outside one, messages go to the console). */
export function useToast(): ToastApi {
  return useContext(ToastContext) ?? NO_TOASTS;
}
