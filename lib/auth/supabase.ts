// Supabase Auth through @supabase/ssr: the same sign-up / sign-in / sign-out / claims as
// local auth, with the session in Supabase's own cookies and claims from the verified token.
import { createServerClient } from "@supabase/ssr";
import ws from "ws";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Credentials } from "@/lib/validations/auth";
import { type Claims, claimsSchema } from "./claims";
import type { CookieJar } from "./cookies";

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

export async function signOutSupabase(jar: CookieJar) {
  await createSupabaseServerClient(jar).auth.signOut();
}

export async function claimsSupabase(jar: CookieJar): Promise<Claims | null> {
  // getClaims verifies the token (against the project's JWKS, or with the Auth server for
  // symmetric keys) and refreshes an expired session through jar.setAll.
  const { data, error } = await createSupabaseServerClient(jar).auth.getClaims();
  if (error || !data?.claims) return null;
  const parsed = claimsSchema.safeParse(data.claims);
  return parsed.success ? parsed.data : null;
}
