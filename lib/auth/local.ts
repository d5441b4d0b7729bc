// Local email + password auth for the embedded default: argon2id hashes in auth.users
// (the shim's copy of Supabase's table) and a session cookie holding an HS256 JWT with
// Supabase's claim shape, naming its server-side session row (session_id).
import { hash, verify } from "@node-rs/argon2";
import { sql } from "kysely";
import { withServiceRole } from "@/lib/db/scoped";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Credentials } from "@/lib/validations/auth";
import { type Claims, claimsSchema } from "./claims";
import type { CookieJar } from "./cookies";
import { signToken, verifyToken } from "./jwt";
import { createSession, deleteSession, sessionIsActive } from "./sessions";

export const SESSION_COOKIE = "vx_session";
const SESSION_SECONDS = 7 * 24 * 3600;
// Verifying against this when the email is unknown keeps sign-in time the same either way.
let dummyHash: Promise<string> | undefined;

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string;
}

/** Starts a server-side session for the user and returns the token that names it. */
export async function createSessionToken(user: { id: string; email: string }) {
  const sessionId = await createSession(user.id, SESSION_SECONDS);
  return signToken(
    { email: user.email, role: "authenticated", session_id: sessionId },
    { subject: user.id, audience: "authenticated", seconds: SESSION_SECONDS },
  );
}

/** The token's claims if its signature, key id and expiry hold; the session is not checked. */
export async function verifySessionToken(token: string): Promise<Claims | null> {
  try {
    const parsed = claimsSchema.safeParse(await verifyToken(token, "authenticated"));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function setSession(jar: CookieJar, token: string | null) {
  jar.setAll([
    {
      name: SESSION_COOKIE,
      value: token ?? "",
      options: {
        httpOnly: true,
        sameSite: "lax",
        secure: env().NODE_ENV === "production",
        path: "/",
        maxAge: token ? SESSION_SECONDS : 0,
      },
    },
  ]);
}

export async function signUpLocal({ email, password }: Credentials, jar: CookieJar) {
  const encrypted = await hash(password);
  // Service role: no user exists yet, and auth.users is never readable by `authenticated`.
  const user = await withServiceRole("local sign-up creates the auth.users row", (trx) =>
    sql<UserRow>`insert into auth.users (email, encrypted_password) values (${email}, ${encrypted})
      on conflict (email) do nothing returning id, email`.execute(trx),
  );
  const row = user.rows[0];
  if (!row) throw new AppError("email_taken", "An account with this email already exists", 409);
  setSession(jar, await createSessionToken(row));
  return { id: row.id, email: row.email };
}

export async function signInLocal({ email, password }: Credentials, jar: CookieJar) {
  const found = await withServiceRole("local sign-in reads the password hash", (trx) =>
    sql<UserRow>`select id, email, encrypted_password from auth.users where email = ${email}`.execute(
      trx,
    ),
  );
  const row = found.rows[0];
  dummyHash ??= hash("no such user: spend the same time as a real check");
  const ok = await verify(row?.encrypted_password ?? (await dummyHash), password);
  if (!row || !ok) throw new AppError("invalid_credentials", "Email or password is incorrect", 401);
  setSession(jar, await createSessionToken(row));
  return { id: row.id, email: row.email };
}

const sessionToken = (jar: CookieJar) =>
  jar.getAll().find((c) => c.name === SESSION_COOKIE)?.value || undefined;

/** Deletes the session's row (so its token is refused from now on) and the cookie. */
export async function signOutLocal(jar: CookieJar) {
  const token = sessionToken(jar);
  const claims = token ? await verifySessionToken(token) : null;
  if (claims && typeof claims.session_id === "string") {
    await deleteSession(claims.session_id, claims.sub);
  }
  setSession(jar, null);
}

/**
 * The session's claims while its row exists. A cookie that no longer names a live session
 * (signed out elsewhere, user deleted, bad signature, expired) is cleared.
 */
export async function claimsLocal(jar: CookieJar): Promise<Claims | null> {
  const token = sessionToken(jar);
  if (!token) return null;
  const claims = await verifySessionToken(token);
  if (claims && (await sessionIsActive(claims.session_id, claims.sub))) return claims;
  setSession(jar, null);
  return null;
}
