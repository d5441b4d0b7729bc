"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  changeMemberRoleAction,
  leaveWorkspaceAction,
  removeMemberAction,
} from "@/app/(dashboard)/members/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import type { Member } from "@/lib/workspaces/members";
import type { WorkspaceRole } from "@/lib/workspaces/roles";
import { ROLE_LABELS } from "./roles";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

interface Me {
  id: string;
  role: WorkspaceRole;
}

/** Which roles `me` may give `member`, or null when `me` cannot change them at all. */
function assignable(me: Me, member: Member): WorkspaceRole[] | null {
  if (member.userId === me.id) return null;
  if (me.role === "owner") return ["owner", "admin", "member", "viewer"];
  if (me.role === "admin" && member.role !== "owner") return ["admin", "member", "viewer"];
  return null;
}

export function MembersList({
  members,
  me,
  personal,
}: {
  members: Member[];
  me: Me;
  /** The user's own personal workspace, which they cannot leave. */
  personal: boolean;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const owners = members.filter((m) => m.role === "owner").length;
  const lastOwner = me.role === "owner" && owners <= 1;

  async function run(
    key: string,
    action: () => Promise<{ ok: boolean; error?: { message: string } } | null>,
    after?: () => void,
  ) {
    setBusy(key);
    setError(null);
    const result = await action().catch(() => null);
    setBusy(null);
    if (!result?.ok) {
      setError(result?.error?.message ?? "That did not work. Try again.");
      return;
    }
    after?.();
    router.refresh();
  }

  return (
    <Card>
      <div className="flex items-center justify-between border-b border-zinc-100 px-5 py-3">
        <h2 className="text-base font-semibold text-zinc-900">
          {members.length} {members.length === 1 ? "member" : "members"}
        </h2>
      </div>
      {error ? (
        <p role="alert" className="mx-5 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ul className="divide-y divide-zinc-100" data-testid="member-list">
        {members.map((m) => {
          const roles = assignable(me, m);
          const self = m.userId === me.id;
          return (
            <li
              key={m.userId}
              data-testid="member-row"
              className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3"
            >
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-zinc-900">
                  {m.email}
                  {self ? (
                    <span className="ml-2 text-sm font-normal text-zinc-500">(you)</span>
                  ) : null}
                </p>
                <p className="text-xs text-zinc-500">
                  Joined {dateFormat.format(new Date(m.joinedAt))}
                </p>
              </div>
              <div className="flex items-center gap-2">
                {roles ? (
                  <Select
                    aria-label={`Role of ${m.email}`}
                    className="w-32"
                    value={m.role}
                    disabled={busy !== null}
                    onChange={(e) =>
                      run(`role:${m.userId}`, () =>
                        changeMemberRoleAction({ userId: m.userId, role: e.target.value }),
                      )
                    }
                  >
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Badge tone={m.role === "owner" ? "blue" : "gray"}>{ROLE_LABELS[m.role]}</Badge>
                )}
                {roles ? (
                  <Button
                    variant="ghost"
                    disabled={busy !== null}
                    onClick={() => {
                      if (!window.confirm(`Remove ${m.email} from this workspace?`)) return;
                      run(`remove:${m.userId}`, () => removeMemberAction({ userId: m.userId }));
                    }}
                  >
                    {busy === `remove:${m.userId}` ? "Removing…" : "Remove"}
                  </Button>
                ) : null}
                {self && !personal ? (
                  <Button
                    variant="danger"
                    disabled={busy !== null || lastOwner}
                    title={lastOwner ? "Make someone else an owner first" : undefined}
                    onClick={() => {
                      if (!window.confirm("Leave this workspace? You will lose access to it."))
                        return;
                      run(
                        "leave",
                        () => leaveWorkspaceAction(),
                        () => router.replace("/campaigns"),
                      );
                    }}
                  >
                    {busy === "leave" ? "Leaving…" : "Leave"}
                  </Button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {lastOwner && !personal ? (
        <p
          className="border-t border-zinc-100 px-5 py-3 text-sm text-zinc-500"
          data-testid="last-owner-note"
        >
          You are the only owner. A workspace always needs one: make someone else an owner before
          you leave or change your own role.
        </p>
      ) : null}
      {personal ? (
        <p className="border-t border-zinc-100 px-5 py-3 text-sm text-zinc-500">
          This is your personal workspace: you can invite people to it, but you cannot leave it.
        </p>
      ) : null}
    </Card>
  );
}
