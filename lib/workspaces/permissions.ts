// What each workspace role may do: the README's "Workspaces and roles" table is rendered
// from this list, and tests/integration/workspace-permissions.test.ts tries every row as
// every role in Postgres (RLS is what enforces it; nothing here is checked at run time).
import { atLeast, WORKSPACE_ROLES, type WorkspaceRole } from "./roles";

export type PermissionSubject =
  | "campaigns"
  | "conversations"
  | "turns"
  | "leads"
  | "members"
  | "workspace"
  | "notifications"
  | "API keys"
  | "invitations"
  | "campaign phone numbers"
  | "takeovers"
  | "recordings"
  | "telephony numbers";

export interface Permission {
  /** Stable key the test's probes are indexed by. */
  id: string;
  subject: PermissionSubject;
  action: string;
  /**
   * The lowest role allowed; every higher role is too. Non-members never are. null: no role
   * at all, only the server's service role (an operator's script, a webhook).
   */
  min: WorkspaceRole | null;
  note?: string;
}

export const PERMISSIONS: readonly Permission[] = [
  { id: "campaigns.read", subject: "campaigns", action: "read", min: "viewer" },
  { id: "campaigns.create", subject: "campaigns", action: "create", min: "member" },
  { id: "campaigns.edit", subject: "campaigns", action: "edit, change status", min: "member" },
  { id: "campaigns.delete", subject: "campaigns", action: "delete", min: "admin" },
  {
    id: "campaigns.retention",
    subject: "campaigns",
    action: "set how long calls are kept (retention)",
    min: "admin",
  },
  { id: "conversations.read", subject: "conversations", action: "read", min: "viewer" },
  { id: "conversations.edit", subject: "conversations", action: "edit", min: "member" },
  { id: "conversations.delete", subject: "conversations", action: "delete", min: "admin" },
  { id: "turns.read", subject: "turns", action: "read", min: "viewer" },
  { id: "turns.write", subject: "turns", action: "write (take over a call)", min: "member" },
  { id: "turns.delete", subject: "turns", action: "delete", min: "admin" },
  { id: "leads.read", subject: "leads", action: "read", min: "viewer" },
  { id: "leads.work", subject: "leads", action: "work (status, fields)", min: "member" },
  { id: "leads.delete", subject: "leads", action: "delete", min: "admin" },
  { id: "members.list", subject: "members", action: "list co-members", min: "viewer" },
  {
    id: "members.leave",
    subject: "members",
    action: "leave",
    min: "viewer",
    note: "not the last owner",
  },
  { id: "members.add", subject: "members", action: "add admin, member, viewer", min: "admin" },
  { id: "members.change", subject: "members", action: "change a non-owner's role", min: "admin" },
  { id: "members.remove", subject: "members", action: "remove a non-owner", min: "admin" },
  { id: "members.make-owner", subject: "members", action: "make someone owner", min: "owner" },
  {
    id: "members.demote-owner",
    subject: "members",
    action: "demote or remove an owner",
    min: "owner",
    note: "not the last owner",
  },
  { id: "workspace.read", subject: "workspace", action: "read", min: "viewer" },
  { id: "workspace.rename", subject: "workspace", action: "rename (settings)", min: "admin" },
  {
    id: "workspace.delete",
    subject: "workspace",
    action: "delete, with all its rows",
    min: "owner",
    note: "not a personal workspace",
  },
  {
    id: "notifications.read",
    subject: "notifications",
    action: "read settings, signing secret, delivery log",
    min: "member",
  },
  {
    id: "notifications.edit",
    subject: "notifications",
    action: "change settings, rotate the secret",
    min: "member",
  },
  {
    id: "apiKeys.list",
    subject: "API keys",
    action: "list (never the secret)",
    min: "viewer",
  },
  { id: "apiKeys.create", subject: "API keys", action: "create", min: "admin" },
  { id: "apiKeys.revoke", subject: "API keys", action: "revoke", min: "admin" },
  { id: "invitations.list", subject: "invitations", action: "list open ones", min: "admin" },
  {
    id: "invitations.create",
    subject: "invitations",
    action: "invite as admin, member, viewer",
    min: "admin",
  },
  { id: "invitations.revoke", subject: "invitations", action: "revoke", min: "admin" },
  {
    id: "phoneNumbers.read",
    subject: "campaign phone numbers",
    action: "read (number, consent, menu)",
    min: "viewer",
  },
  {
    id: "phoneNumbers.edit",
    subject: "campaign phone numbers",
    action: "set, change, remove",
    min: "member",
    note: "an assigned number",
  },
  { id: "takeovers.read", subject: "takeovers", action: "see who holds a call", min: "viewer" },
  {
    id: "takeovers.take",
    subject: "takeovers",
    action: "take a call over",
    min: "member",
    note: "in one's own name",
  },
  {
    id: "takeovers.handBack",
    subject: "takeovers",
    action: "hand a call back",
    min: "member",
    note: "a teammate's hold too",
  },
  { id: "recordings.listen", subject: "recordings", action: "listen", min: "viewer" },
  {
    id: "telephonyNumbers.read",
    subject: "telephony numbers",
    action: "see the workspace's",
    min: "viewer",
  },
  {
    id: "telephonyNumbers.assign",
    subject: "telephony numbers",
    action: "assign, unassign",
    min: null,
    note: "service role only",
  },
];

export type Who = WorkspaceRole | "non-member";

/** The table's columns, highest role first. */
export const WHO: readonly Who[] = [...[...WORKSPACE_ROLES].reverse(), "non-member"];

export function allowed(p: Permission, who: Who): boolean {
  return p.min !== null && who !== "non-member" && atLeast(who, p.min);
}

/** The table's cells, header row first. */
export function permissionTableCells(): string[][] {
  return [
    ["action", ...WHO],
    ...PERMISSIONS.map((p) => [
      `${p.subject}: ${p.action}${p.note ? ` (${p.note})` : ""}`,
      ...WHO.map((w) => (allowed(p, w) ? "yes" : "no")),
    ]),
  ];
}

/** The Markdown table in the README's "Workspaces and roles" section. */
export function permissionTableMarkdown(): string {
  const [head, ...rows] = permissionTableCells();
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const rule = `|---|${WHO.map(() => ":-:").join("|")}|`;
  return [line(head!), rule, ...rows.map(line)].join("\n");
}
