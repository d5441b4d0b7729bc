// Local email + password auth for the embedded default: argon2id hashes in auth.users
// (the shim's copy of Supabase's table) and a session cookie holding an HS256 JWT with
// Supabase's claim shape.
import { hash, verify } from "@node-rs/argon2";
import { jwtVerify, SignJWT } from "jose";
import { sql } from "kysely";
import { withServiceRole } from "@/lib/db/scoped";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Credentials } from "@/lib/validations/auth";
import { type Claims, claimsSchema } from "./claims";
import type { CookieJar } from "./cookies";
import { getSigningKey } from "./secret";

export const SESSION_COOKIE = "vx_session";
const SESSION_SECONDS = 7 * 24 * 3600;
// Verifying against this when the email is unknown keeps sign-in time the same either way.
let dummyHash: Promise<string> | undefined;

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string;
}

export async function createSessionToken(user: { id: string; email: string }) {
  return new SignJWT({ email: user.email, role: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setAudience("authenticated")
    .setIssuedAt()
    .setExpirationTime(`${SESSION_SECONDS}s`)
    .sign(await getSigningKey());
}

export async function verifySessionToken(token: string): Promise<Claims | null> {
  try {
    const { payload } = await jwtVerify(token, await getSigningKey(), {
      algorithms: ["HS256"],
      audience: "authenticated",
    });
    const parsed = claimsSchema.safeParse(payload);
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

export function signOutLocal(jar: CookieJar) {
  setSession(jar, null);
}

export async function claimsLocal(jar: CookieJar): Promise<Claims | null> {
  const token = jar.getAll().find((c) => c.name === SESSION_COOKIE)?.value;
  return token ? verifySessionToken(token) : null;
}
