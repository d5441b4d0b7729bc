"use server";
// Accepting from the invite page: a plain form post (works before the page's JavaScript
// has loaded). On success the invitation's workspace becomes the current one; a refusal
// comes back to the page as ?error=<code>, which it words.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction } from "@/lib/actions/run-action";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { nextCookieJar } from "@/lib/auth/server";
import { adoptInvitationSession } from "@/lib/workspaces/invitation-email";
import { acceptInvitation, previewInvitation, selectWorkspace } from "@/lib/workspaces/invitations";

export async function acceptInvitationAction(formData: FormData) {
  const token = String(formData.get("token") ?? "");
  const result = await runAction(acceptInvitation, { token });
  if (!result.ok) {
    redirect(`/invite/${encodeURIComponent(token)}?error=${result.error.code}`);
  }
  selectWorkspace(await nextCookieJar(), result.data.workspaceId);
  redirect("/campaigns");
}

const linkSessionSchema = z.strictObject({
  token: z.string().max(200),
  accessToken: z.string().min(1).max(8192),
  refreshToken: z.string().min(1).max(1024),
});

/** Supabase mode: keep the session the invitation email's magic link carried (see the page). */
export async function adoptLinkSessionAction(input: unknown) {
  try {
    assertSameOrigin(new Headers(await headers()), "POST");
  } catch {
    return { ok: false };
  }
  const parsed = linkSessionSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  const invitation = await previewInvitation(parsed.data.token);
  if (invitation?.status !== "open") return { ok: false };
  const ok = await adoptInvitationSession(await nextCookieJar(), invitation.email, parsed.data);
  return { ok };
}
