"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { inviteMemberAction } from "@/app/(dashboard)/members/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { ROLE_HINTS } from "./roles";

interface Sent {
  email: string;
  url: string;
  mailed: boolean;
}

/** Invite by email with a role. The link is shown to copy (and mailed with Supabase Auth). */
export function InviteForm({ mailed }: { mailed: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<Sent | null>(null);
  const [copied, setCopied] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setPending(true);
    setError(null);
    setFields({});
    setCopied(false);
    const result = await inviteMemberAction({
      email: data.get("email"),
      role: data.get("role"),
    }).catch(() => null);
    setPending(false);
    if (!result?.ok) {
      setError(result?.error.message ?? "Could not send the invitation. Try again.");
      setFields(result?.error.fields ?? {});
      return;
    }
    const { invitation, path, sent: how } = result.data;
    setSent({
      email: invitation.email,
      url: `${window.location.origin}${path}`,
      mailed: how === "email",
    });
    form.reset();
    router.refresh();
  }

  return (
    <Card className="p-5">
      <h2 className="text-base font-semibold text-zinc-900">Invite someone</h2>
      <p className="mt-1 text-sm text-zinc-500">
        {mailed
          ? "They get an email with a sign-in link. The invitation expires in 7 days."
          : "You get a link to send them. It works once, for that email address, for 7 days."}
      </p>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-4">
        <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
          <Field id="invite-email" label="Email" error={fields.email}>
            <Input
              id="invite-email"
              name="email"
              type="email"
              autoComplete="off"
              placeholder="name@company.com"
              required
              error={fields.email}
            />
          </Field>
          <Field id="invite-role" label="Role" error={fields.role}>
            <Select id="invite-role" name="role" defaultValue="member" error={fields.role}>
              <option value="admin">Admin</option>
              <option value="member">Member</option>
              <option value="viewer">Viewer</option>
            </Select>
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? "Inviting…" : "Send invite"}
          </Button>
        </div>
        <p className="mt-2 text-xs text-zinc-500">
          Admin: {ROLE_HINTS.admin} Member: {ROLE_HINTS.member} Viewer: {ROLE_HINTS.viewer}
        </p>
      </form>
      {error && !Object.keys(fields).length ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {sent ? (
        <div
          role="status"
          className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm"
        >
          <p className="text-emerald-900">
            {sent.mailed
              ? `We emailed ${sent.email} a sign-in link. You can also send them this link:`
              : `Invitation created for ${sent.email}. Send them this link:`}
          </p>
          <div className="mt-2 flex gap-2">
            <Input
              readOnly
              aria-label="Invitation link"
              data-testid="invite-link"
              value={sent.url}
              onFocus={(e) => e.currentTarget.select()}
              className="font-mono text-xs"
            />
            <Button
              variant="secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(sent.url).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
