// Session access for server components and server actions (next/headers cookies).
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type CookieJar, readClaims } from "./index";

export async function nextCookieJar(): Promise<CookieJar> {
  const store = await cookies();
  return {
    getAll: () => store.getAll(),
    setAll: (list) => {
      try {
        for (const { name, value, options } of list) store.set(name, value, options);
      } catch {
        // Server components cannot set cookies; the proxy refreshes Supabase sessions instead.
      }
    },
  };
}

/** The signed-in user's claims, or null; read once per request. */
export const getClaims = cache(async () => readClaims(await nextCookieJar()));

/** The signed-in user's claims; redirects to sign-in otherwise. */
export async function requireUser(next?: string) {
  const claims = await getClaims();
  if (!claims) redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  return claims;
}
