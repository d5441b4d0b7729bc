// Local auth through the real route handlers: sign-up, sign-in, sign-out, the cookie's
// attributes and the session token's claims.
import { decodeJwt } from "jose";
import { expect, it } from "vitest";
import * as signIn from "@/app/api/auth/sign-in/route";
import * as signOut from "@/app/api/auth/sign-out/route";
import * as signUp from "@/app/api/auth/sign-up/route";
import * as campaigns from "@/app/api/campaigns/route";
import { describeEachDatabase } from "../helpers/db";
import { countRows } from "../helpers/factories";
import { call } from "../helpers/http";

const sessionFrom = (headers: Headers) => {
  const cookie = headers.getSetCookie().find((c) => c.startsWith("vx_session="));
  return { raw: cookie ?? "", value: cookie?.split(";")[0] ?? "" };
};

describeEachDatabase("local auth", ({ db }) => {
  const email = `Owner-${Date.now()}@Example.com`;
  const password = "correct horse battery";

  it("signs up, setting an httpOnly SameSite=Lax session with Supabase's claim shape", async () => {
    const res = await call(signUp.POST, "/api/auth/sign-up", { body: { email, password } });
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBe(email.toLowerCase());
    const session = sessionFrom(res.headers);
    expect(session.raw).toMatch(/HttpOnly/i);
    expect(session.raw).toMatch(/SameSite=lax/i);
    expect(session.raw).toMatch(/Path=\//);
    const claims = decodeJwt(session.value.slice("vx_session=".length));
    expect(claims).toMatchObject({
      sub: res.body.user.id,
      email: email.toLowerCase(),
      role: "authenticated",
    });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
    // The session works on a protected route.
    expect((await call(campaigns.GET, "/api/campaigns", { cookie: session.value })).status).toBe(
      200,
    );
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    const before = await countRows(db());
    const res = await call(signUp.POST, "/api/auth/sign-up", {
      body: { email: email.toUpperCase(), password },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("email_taken");
    expect(await countRows(db())).toEqual(before);
  });

  it("signs in with the right password only, with the same answer for unknown emails", async () => {
    const ok = await call(signIn.POST, "/api/auth/sign-in", { body: { email, password } });
    expect(ok.status).toBe(200);
    expect(sessionFrom(ok.headers).value).toMatch(/^vx_session=ey/);
    const wrong = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email, password: "wrong password" },
    });
    const unknown = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email: "nobody@example.com", password },
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({
        code: "invalid_credentials",
        message: "Email or password is incorrect",
      });
      expect(sessionFrom(res.headers).raw).toBe("");
    }
  });

  it("signs out by expiring the cookie", async () => {
    const res = await call(signOut.POST, "/api/auth/sign-out", { method: "POST" });
    expect(res.status).toBe(200);
    expect(sessionFrom(res.headers).raw).toMatch(/Max-Age=0/);
  });

  it("stores an argon2id hash, never the password", async () => {
    const { rows } = await (await import("kysely")).sql<{ encrypted_password: string }>`
      select encrypted_password from auth.users where email = ${email.toLowerCase()}`.execute(db());
    expect(rows[0]!.encrypted_password).toMatch(/^\$argon2id\$/);
    expect(rows[0]!.encrypted_password).not.toContain(password);
  });
});
