// Supabase Auth through @supabase/ssr: the same sign-up / sign-in / sign-out / claims as
// local auth, with the session in Supabase's own cookies and claims from the verified token.
import { createServerClient } from "@supabase/ssr";
import ws from "ws";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Credentials } from "@/lib/validations/auth";
import { type Claims, claimsSchema } from "./claims";
import type { CookieJar } from "./cookies";
import { sessionIsActive } from "./sessions";

export function createSupabaseServerClient(jar: CookieJar) {
  const { NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY } = env();
  return createServerClient(NEXT_PUBLIC_SUPABASE_URL!, NEXT_PUBLIC_SUPABASE_ANON_KEY!, {
    cookies: jar,
    // Node 20 has no global WebSocket and supabase-js builds its realtime client eagerly,
    // throwing without one; `ws` is the transport its own error message asks for.
    // (ws types its constructor more strictly than realtime-js expects, hence the cast.)
    realtime: { transport: ws as never },
  });
}

export async function signUpSupabase({ email, password }: Credentials, jar: CookieJar) {
  const { data, error } = await createSupabaseServerClient(jar).auth.signUp({ email, password });
  if (error) {
    if (error.code === "user_already_exists" || error.status === 422) {
      throw new AppError("email_taken", "An account with this email already exists", 409);
    }
    throw new AppError("invalid_input", error.message, 400);
  }
  return {
    id: data.user?.id ?? null,
    email,
    // With email confirmation on, Supabase returns a user but no session yet.
    confirmationRequired: !data.session,
  };
}

export async function signInSupabase({ email, password }: Credentials, jar: CookieJar) {
  const { data, error } = await createSupabaseServerClient(jar).auth.signInWithPassword({
    email,
    password,
  });
  if (error || !data.user) {
    throw new AppError("invalid_credentials", "Email or password is incorrect", 401);
  }
  return { id: data.user.id, email: data.user.email ?? email };
}

/**
 * Ends this browser's session on the Auth server: scope "local" deletes this session's
 * auth.sessions row and revokes its refresh tokens, leaving the user's other devices
 * signed in (scope "global", supabase-js's default, would sign out every device).
 */
export async function signOutSupabase(jar: CookieJar) {
  const { error } = await createSupabaseServerClient(jar).auth.signOut({ scope: "local" });
  // A session the server no longer knows is already ended; supabase-js cleared the cookies.
  if (error && error.status !== 401 && error.status !== 403 && error.status !== 404) {
    throw new AppError("internal_error", "Could not end the session; try again", 503);
  }
}

// @supabase/ssr stores the session as sb-<project ref>-auth-token, split into .0, .1, ...
const isSupabaseSessionCookie = (name: string) => /^sb-.+-auth-token(\.\d+)?$/.test(name);

function clearSupabaseCookies(jar: CookieJar) {
  const stale = jar.getAll().filter((c) => isSupabaseSessionCookie(c.name));
  jar.setAll(stale.map(({ name }) => ({ name, value: "", options: { path: "/", maxAge: 0 } })));
}

export async function claimsSupabase(jar: CookieJar): Promise<Claims | null> {
  // getClaims verifies the token (against the project's JWKS, or with the Auth server for
  // symmetric keys) and refreshes an expired session through jar.setAll.
  const { data, error } = await createSupabaseServerClient(jar).auth.getClaims();
  if (error && "status" in error && [401, 403, 404].includes(Number(error.status))) {
    // The Auth server refused the session (user deleted, session revoked): drop its cookies.
    clearSupabaseCookies(jar);
    return null;
  }
  if (error || !data?.claims) return null;
  const parsed = claimsSchema.safeParse(data.claims);
  if (!parsed.success) return null;
  // An access token verified against the JWKS stays valid until it expires (an hour by
  // default) even after sign-out or user deletion; its auth.sessions row does not.
  if (!(await sessionIsActive(parsed.data.session_id, parsed.data.sub))) {
    clearSupabaseCookies(jar);
    return null;
  }
  return parsed.data;
}
