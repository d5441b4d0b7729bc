// Getting an invitation link to the invitee. Local auth has no email service: the link goes
// back to the inviter to pass on. With Supabase Auth configured, Supabase mails a magic link
// (signInWithOtp, creating the account if there is none) that signs the invitee in and lands
// on /invite/<token>; the link is still returned to the inviter as a fallback.
// The magic link uses the implicit flow: the invitee opens it in another browser than the
// inviter's, so a PKCE code verifier (kept in the requesting browser) could not be used. The
// invite page hands the session from the link's #fragment to adoptInvitationSession, which
// stores it in Supabase's cookies only if it belongs to the invited address (a link with
// someone else's session in its fragment signs nobody in).
import "server-only";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import type { CookieJar } from "@/lib/auth";
import { createSupabaseServerClient } from "@/lib/auth/supabase";
import { appOrigins, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { invitationPath } from "./invitations";

export interface Delivery {
  /** Path of the accept page (/invite/<token>); show it to the inviter to copy. */
  path: string;
  /** The full link on the app's configured origin. */
  url: string;
  /** "email" when Supabase mailed the invitee a sign-in link, else "link". */
  sent: "email" | "link";
}

function statelessClient() {
  const e = env();
  return createClient(e.NEXT_PUBLIC_SUPABASE_URL!, e.NEXT_PUBLIC_SUPABASE_ANON_KEY!, {
    auth: {
      flowType: "implicit",
      persistSession: false,
      autoRefreshToken: false,
      detectSessionInUrl: false,
    },
    // Node 20 has no global WebSocket; see lib/auth/supabase.ts.
    realtime: { transport: ws as never },
  });
}

export async function deliverInvitation(email: string, token: string): Promise<Delivery> {
  const e = env();
  const path = invitationPath(token);
  const url = `${appOrigins(e)[0]}${path}`;
  if (!e.enabled.supabase) return { path, url, sent: "link" };

  const { error } = await statelessClient().auth.signInWithOtp({
    email,
    options: { shouldCreateUser: true, emailRedirectTo: url },
  });
  if (error) {
    // Never log the link: it is the invitation's only secret.
    logger.warn({ status: error.status, code: error.code }, "Supabase could not send an invite");
    throw new AppError(
      "internal_error",
      "The invitation was created but the email could not be sent; copy the link instead",
      502,
    );
  }
  return { path, url, sent: "email" };
}

/**
 * Signs the browser in with the session a magic link carried, if Supabase vouches for the
 * access token and its user is `invitedEmail`. Returns whether it did.
 */
export async function adoptInvitationSession(
  jar: CookieJar,
  invitedEmail: string,
  tokens: { accessToken: string; refreshToken: string },
) {
  if (!env().enabled.supabase) return false;
  const { data, error } = await statelessClient().auth.getUser(tokens.accessToken);
  if (error || data.user?.email?.toLowerCase() !== invitedEmail) return false;
  const set = await createSupabaseServerClient(jar).auth.setSession({
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
  });
  return !set.error;
}
