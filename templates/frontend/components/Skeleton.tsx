// Loading placeholders: grey bars where content will appear, announced as loading.

export function Skeleton({ lines = 3, label = "Loading" }: { lines?: number; label?: string }) {
  return (
    <div role="status" aria-busy="true" aria-label={label} className="animate-pulse space-y-2">
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} data-testid="skeleton-line" className={`h-4 rounded bg-slate-200 ${index === lines - 1 ? "w-2/3" : "w-full"}`} />
      ))}
      <span className="sr-only">{label}…</span>
    </div>
  );
}

/** A card-shaped placeholder, e.g. for an agent's result that is still being worked on. */
export function SkeletonCard({ label = "Loading" }: { label?: string }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-4">
      <Skeleton lines={3} label={label} />
    </div>
  );
}
