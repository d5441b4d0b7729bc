"use client";
// The form's footer, kept in view at the bottom of the screen: what state the campaign is in
// ("Saved at 14:02", "Unsaved changes", "Saving…") and the save button. The status stays up
// until the form is edited again, and is announced politely; a failed save is announced as
// an alert and can take focus when nothing else can.
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

export type SaveStatus =
  | { kind: "saving" }
  | { kind: "dirty" }
  | { kind: "saved"; at: string }
  | { kind: "new" };

const noop = () => () => {};
/** False while server rendering and hydrating: local times exist only in the browser. */
const useInBrowser = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

/** "14:02" today, "Nov 30, 14:02" before. */
function formatSavedAt(iso: string) {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (at.toDateString() === new Date().toDateString()) return `at ${time}`;
  return `${at.toLocaleDateString(undefined, { month: "short", day: "numeric" })}, ${time}`;
}

function StatusText({ status }: { status: SaveStatus }) {
  const inBrowser = useInBrowser();
  switch (status.kind) {
    case "saving":
      return <span className="text-zinc-600">Saving…</span>;
    case "dirty":
      return (
        <span className="flex items-center gap-2 text-amber-700">
          <span aria-hidden className="size-2 rounded-full bg-amber-500" />
          Unsaved changes
        </span>
      );
    case "saved":
      return (
        <span className="flex items-center gap-1.5 font-medium text-emerald-700">
          <span aria-hidden>✓</span>
          Saved {inBrowser ? <time dateTime={status.at}>{formatSavedAt(status.at)}</time> : null}
        </span>
      );
    case "new":
      return <span className="text-zinc-500">Not saved yet</span>;
  }
}

export function SaveBar({
  status,
  error,
  label,
}: {
  status: SaveStatus;
  /** Why the last save failed; the status line gives way to it. */
  error: string | null;
  label: string;
}) {
  const saving = status.kind === "saving";
  return (
    <div className="sticky bottom-0 z-10 -mx-4 border-t border-zinc-200 bg-white/95 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-lg sm:border sm:shadow-sm">
      <div className="flex items-center justify-between gap-3">
        <div className="min-w-0 text-sm">
          <p
            id="form-error"
            role="alert"
            tabIndex={-1}
            data-form-error={error ? true : undefined}
            className={error ? "font-medium text-red-700" : "sr-only"}
          >
            {error}
          </p>
          <p role="status" aria-live="polite" data-testid="save-status">
            {error ? null : <StatusText status={status} />}
          </p>
        </div>
        {/* aria-disabled, not disabled: a disabled button drops focus to the page, mid-save. */}
        <Button
          type="submit"
          aria-disabled={saving || undefined}
          onClick={(e) => saving && e.preventDefault()}
          className="shrink-0 aria-disabled:opacity-60"
        >
          {saving ? "Saving…" : label}
        </Button>
      </div>
    </div>
  );
}
