// Auth, whichever backend the environment chose. Callers pass a CookieJar; they never
// need to know whether the session is a local JWT or a Supabase one.
import { env } from "@/lib/env";
import type { Credentials } from "@/lib/validations/auth";
import type { Claims } from "./claims";
import type { CookieJar } from "./cookies";
import { claimsLocal, signInLocal, signOutLocal, signUpLocal } from "./local";
import { claimsSupabase, signInSupabase, signOutSupabase, signUpSupabase } from "./supabase";

export type { Claims } from "./claims";
export type { CookieJar } from "./cookies";

const supabase = () => env().enabled.supabase;

export function signUp(credentials: Credentials, jar: CookieJar) {
  return supabase() ? signUpSupabase(credentials, jar) : signUpLocal(credentials, jar);
}

export function signIn(credentials: Credentials, jar: CookieJar) {
  return supabase() ? signInSupabase(credentials, jar) : signInLocal(credentials, jar);
}

export async function signOut(jar: CookieJar) {
  return supabase() ? signOutSupabase(jar) : signOutLocal(jar);
}

export function readClaims(jar: CookieJar): Promise<Claims | null> {
  return supabase() ? claimsSupabase(jar) : claimsLocal(jar);
}
