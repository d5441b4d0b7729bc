// The invitation link: who invited you to what, then sign in / sign up (returning here),
// accept, or a clear word on why it cannot be used.
import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { SessionFromLink } from "@/components/invite/session-from-link";
import { Button, buttonClasses } from "@/components/ui/button";
import { getClaims } from "@/lib/auth/server";
import { env } from "@/lib/env";
import { safeNext } from "@/lib/safe-next";
import {
  INVITATION_ERRORS,
  type InvitationErrorCode,
  previewInvitation,
} from "@/lib/workspaces/invitations";
import { acceptInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const ERROR_WORDS: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(INVITATION_ERRORS).map(([code, [, words]]) => [code, words]),
  ),
  rate_limited: "Too many attempts. Wait a minute and try again.",
  forbidden: "Your request could not be verified. Reload the page and try again.",
};

function Problem({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div role="alert" data-testid="invite-problem">
      <h1 className="text-xl font-semibold text-zinc-900">{title}</h1>
      <div className="mt-2 space-y-3 text-sm text-zinc-600">{children}</div>
    </div>
  );
}

export default async function InvitePage({ params, searchParams }: PageProps<"/invite/[token]">) {
  const { token } = await params;
  const { error } = await searchParams;
  const here = safeNext(`/invite/${encodeURIComponent(token)}`);
  const [invitation, claims] = await Promise.all([previewInvitation(token), getClaims()]);
  const linkSession = env().enabled.supabase ? <SessionFromLink token={token} /> : null;

  if (!invitation) {
    return (
      <Problem title="Invitation not found">
        <p>{INVITATION_ERRORS.invitation_not_found[1]}</p>
      </Problem>
    );
  }
  const mine = claims && invitation.acceptedBy === claims.sub;
  if (invitation.status !== "open" && !mine) {
    const code: InvitationErrorCode =
      invitation.status === "accepted"
        ? "invitation_used"
        : invitation.status === "revoked"
          ? "invitation_revoked"
          : "invitation_expired";
    return (
      <Problem
        title={invitation.status === "expired" ? "Invitation expired" : "Invitation unavailable"}
      >
        <p>{INVITATION_ERRORS[code][1]}</p>
        <p>Whoever invited you to {invitation.workspaceName} can send a new link.</p>
      </Problem>
    );
  }

  const intro = (
    <>
      <p className="text-sm font-medium text-brand-700">You are invited</p>
      <h1 className="mt-1 text-xl font-semibold text-zinc-900">
        Join {invitation.workspaceName} on Voxline
      </h1>
      <p className="mt-2 text-sm text-zinc-600">
        {invitation.invitedByEmail ?? "A workspace admin"} invited{" "}
        <span className="font-medium text-zinc-800">{invitation.email}</span> as{" "}
        <span className="font-medium text-zinc-800">{invitation.role}</span>.
      </p>
      {error && ERROR_WORDS[String(error)] ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {ERROR_WORDS[String(error)]}
        </p>
      ) : null}
    </>
  );

  if (!claims) {
    const next = encodeURIComponent(here);
    return (
      <div>
        {linkSession}
        {intro}
        <p className="mt-4 text-sm text-zinc-600">
          Sign in or create an account with{" "}
          <span className="font-medium text-zinc-800">{invitation.email}</span> to accept.
        </p>
        <div className="mt-5 flex flex-col gap-2 sm:flex-row">
          <Link href={`/sign-up?next=${next}`} className={buttonClasses("primary", "flex-1")}>
            Create an account
          </Link>
          <Link href={`/sign-in?next=${next}`} className={buttonClasses("secondary", "flex-1")}>
            Sign in
          </Link>
        </div>
      </div>
    );
  }

  if ((claims.email ?? "").toLowerCase() !== invitation.email) {
    return (
      <div>
        {intro}
        <div
          role="alert"
          data-testid="invite-problem"
          className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          You are signed in as <span className="font-medium">{claims.email}</span>, but this
          invitation is for <span className="font-medium">{invitation.email}</span>. Sign out, then
          sign in with the invited address.
        </div>
        <div className="mt-5 flex items-center gap-2">
          <SignOutButton />
          <Link href="/campaigns" className={buttonClasses("ghost")}>
            Back to the dashboard
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div>
      {intro}
      {/* A server action: React renders this form as method="POST" (and refuses an explicit
          method), so it posts even before the page's JavaScript has loaded. */}
      <form action={acceptInvitationAction} className="mt-5">
        <input type="hidden" name="token" value={token} />
        <Button type="submit" className="w-full">
          {mine
            ? `Open ${invitation.workspaceName}`
            : `Accept and join ${invitation.workspaceName}`}
        </Button>
      </form>
    </div>
  );
}
