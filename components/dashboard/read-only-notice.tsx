/** Shown to a viewer where the page would offer a form: they read, others edit. */
export function ReadOnlyNotice({ workspace }: { workspace: string }) {
  return (
    <p
      className="mb-4 rounded-md border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm text-zinc-600"
      data-testid="read-only-notice"
    >
      You are a viewer in <span className="font-medium text-zinc-900">{workspace}</span>: you can
      read its campaigns, conversations and leads, but not change them. Ask an admin for the member
      role to edit.
    </p>
  );
}
