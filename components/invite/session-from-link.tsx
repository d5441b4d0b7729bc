"use client";
// With Supabase Auth, the invitation email's magic link comes back to /invite/<token> with
// the session in the URL fragment (implicit flow: the link is opened in another browser
// than the one that asked for it, so there is no PKCE verifier to exchange a code with).
// The fragment never reaches the server by itself: hand it over (same-origin server action,
// which keeps it only if it is the invited address's session), drop it from the URL, reload.
import { useEffect, useState } from "react";
import { adoptLinkSessionAction } from "@/app/invite/[token]/actions";

export function SessionFromLink({ token }: { token: string }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const params = new URLSearchParams(window.location.hash.slice(1));
    const accessToken = params.get("access_token");
    const refreshToken = params.get("refresh_token");
    if (!accessToken || !refreshToken) return;
    window.history.replaceState(null, "", window.location.pathname);
    adoptLinkSessionAction({ token, accessToken, refreshToken })
      .catch(() => ({ ok: false }))
      .then(({ ok }) => (ok ? window.location.reload() : setFailed(true)));
  }, [token]);
  return failed ? (
    <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      The sign-in link did not work (it may have been used already). Sign in below instead.
    </p>
  ) : null;
}
