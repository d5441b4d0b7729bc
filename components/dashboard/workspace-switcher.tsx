// The workspace switcher in the dashboard header. Plain HTML: a <details> menu of one-button
// forms posting to /api/workspaces/current, so it works before (or without) JavaScript. The
// server re-checks the chosen id against the user's memberships.
import { createWorkspaceAction } from "@/lib/actions/create-workspace";
import type { CurrentWorkspace } from "@/lib/workspaces/current";
import { RoleBadge } from "./role-badge";

export function WorkspaceSwitcher({
  current,
  workspaces,
}: {
  current: CurrentWorkspace;
  workspaces: CurrentWorkspace[];
}) {
  return (
    <details className="group relative" data-testid="workspace-switcher">
      <summary className="flex h-9 cursor-pointer list-none items-center gap-2 rounded-md border border-zinc-200 bg-white px-2.5 text-sm hover:bg-zinc-50 [&::-webkit-details-marker]:hidden">
        <span className="sr-only">Workspace:</span>
        <span className="max-w-[9rem] truncate font-medium text-zinc-900 sm:max-w-[12rem]">
          {current.name}
        </span>
        <span className="hidden sm:inline">
          <RoleBadge role={current.role} />
        </span>
        <svg
          aria-hidden
          viewBox="0 0 20 20"
          className="size-4 text-zinc-400 transition-transform group-open:rotate-180"
          fill="currentColor"
        >
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </summary>
      <div className="fixed inset-x-4 top-14 z-30 rounded-lg sm:absolute sm:inset-x-auto sm:top-auto sm:left-0 sm:mt-2 sm:w-72 border border-zinc-200 bg-white p-1 shadow-lg">
        <p className="px-3 pt-2 pb-1 text-xs font-medium tracking-wide text-zinc-400 uppercase">
          Workspaces
        </p>
        <ul>
          {workspaces.map((w) => {
            const selected = w.id === current.id;
            return (
              <li key={w.id}>
                <form method="post" action="/api/workspaces/current">
                  <input type="hidden" name="workspaceId" value={w.id} />
                  <button
                    type="submit"
                    aria-current={selected ? "true" : undefined}
                    className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-zinc-100 aria-[current=true]:bg-brand-50"
                  >
                    <span className="min-w-0 flex-1 truncate text-zinc-900">
                      {w.name}
                      {w.personal && w.name !== "Personal" ? (
                        <span className="text-zinc-400"> · personal</span>
                      ) : null}
                    </span>
                    <RoleBadge role={w.role} />
                    <span aria-hidden className="w-4 text-brand-600">
                      {selected ? "✓" : ""}
                    </span>
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
        <form
          action={createWorkspaceAction}
          className="mt-1 flex gap-2 border-t border-zinc-100 p-2"
        >
          <label htmlFor="new-workspace-name" className="sr-only">
            New workspace name
          </label>
          <input
            id="new-workspace-name"
            name="name"
            required
            maxLength={80}
            placeholder="New workspace"
            className="h-8 min-w-0 flex-1 rounded-md border border-zinc-300 px-2 text-sm placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none"
          />
          <button
            type="submit"
            className="h-8 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700"
          >
            Create
          </button>
        </form>
      </div>
    </details>
  );
}
