// Supabase mode: the same auth routes and RLS-scoped queries, with @supabase/ssr talking to
// a local GoTrue stand-in. Claims come from the Supabase session, verified by the Auth server,
// and count only while its auth.sessions row exists (sign-out and user deletion end it).
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as session from "@/app/api/auth/session/route";
import * as signIn from "@/app/api/auth/sign-in/route";
import * as signOut from "@/app/api/auth/sign-out/route";
import * as signUp from "@/app/api/auth/sign-up/route";
import * as campaigns from "@/app/api/campaigns/route";
import { withServiceRole } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { describeEachDatabase } from "../helpers/db";
import { campaignInput } from "../helpers/factories";
import { call } from "../helpers/http";
import { startSupabaseAuth } from "../stand-ins/supabase-auth";

/** Cookies from Set-Cookie headers, as a browser would send them back. */
const cookieHeader = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");

describeEachDatabase("Supabase auth mode", ({ db }) => {
  let auth: Awaited<ReturnType<typeof startSupabaseAuth>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    auth = await startSupabaseAuth(
      (user) =>
        withServiceRole(
          "stand-in GoTrue writes auth.users",
          (trx) =>
            sql`insert into auth.users (id, email, encrypted_password) values (${user.id}, ${user.email}, 'gotrue')`.execute(
              trx,
            ),
          db(),
        ).then(() => undefined),
      {
        // GoTrue writes auth.sessions itself; the stand-in does it through these.
        created: ({ id, userId }) =>
          withServiceRole(
            "stand-in GoTrue writes auth.sessions",
            (trx) =>
              sql`insert into auth.sessions (id, user_id, not_after)
                values (${id}, ${userId}, now() + interval '1 day')`.execute(trx),
            db(),
          ).then(() => undefined),
        ended: (ids) =>
          withServiceRole(
            "stand-in GoTrue deletes auth.sessions",
            (trx) => sql`delete from auth.sessions where id = any(${ids}::uuid[])`.execute(trx),
            db(),
          ).then(() => undefined),
      },
    );
    process.env.NEXT_PUBLIC_SUPABASE_URL = auth.url;
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = "anon-key";
    process.env.DATABASE_URL ??= "postgres://unused@127.0.0.1/unused"; // required alongside Supabase
    resetEnvCache();
  });

  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    await auth?.close();
  });

  it("signs up through Supabase and runs the owner's queries under RLS with its claims", async () => {
    const email = `sb-${Date.now()}@example.com`;
    const res = await call(signUp.POST, "/api/auth/sign-up", {
      body: { email, password: "long enough password" },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, confirmationRequired: false });
    const cookie = cookieHeader(res.headers);
    expect(cookie).toMatch(/^sb-[a-z0-9]+-auth-token/);

    const created = await call(campaigns.POST, "/api/campaigns", { cookie, body: campaignInput() });
    expect(created.status).toBe(201);
    expect(created.body.campaign.workspaceId).toBe(res.body.user.id);

    // A second Supabase user sees nothing of the first one's.
    const other = await call(signUp.POST, "/api/auth/sign-up", {
      body: { email: `other-${email}`, password: "long enough password" },
    });
    const list = await call(campaigns.GET, "/api/campaigns", {
      cookie: cookieHeader(other.headers),
    });
    expect(list.status).toBe(200);
    expect(list.body.campaigns).toEqual([]);
  });

  it("signs in, refuses a wrong password and a forged session, and signs out", async () => {
    const email = `sb-in-${Date.now()}@example.com`;
    await call(signUp.POST, "/api/auth/sign-up", {
      body: { email, password: "long enough password" },
    });
    const wrong = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email, password: "not the password" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_credentials");

    const ok = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email, password: "long enough password" },
    });
    expect(ok.status).toBe(200);
    const cookie = cookieHeader(ok.headers);
    expect((await call(campaigns.GET, "/api/campaigns", { cookie })).status).toBe(200);

    const forged = cookie.replace(/=([^;]{20})/, "=AAAAAAAAAAAAAAAAAAAA");
    expect((await call(campaigns.GET, "/api/campaigns", { cookie: forged })).status).toBe(401);

    const out = await call(signOut.POST, "/api/auth/sign-out", { method: "POST", cookie });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => /Max-Age=0/i.test(c))).toBe(true);
  });

  it("signing out ends only this session, and a replayed cookie gets 401", async () => {
    const email = `sb-out-${Date.now()}@example.com`;
    const up = await call(signUp.POST, "/api/auth/sign-up", {
      body: { email, password: "long enough password" },
    });
    const first = cookieHeader(up.headers);
    const again = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email, password: "long enough password" },
    });
    const second = cookieHeader(again.headers);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from auth.sessions
      where user_id = ${up.body.user.id}`.execute(db());
    expect(rows[0]!.n).toBe(2);

    const out = await call(signOut.POST, "/api/auth/sign-out", {
      method: "POST",
      cookie: first,
      headers: { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" },
    });
    expect(out.status).toBe(200);
    const replay = await call(session.GET, "/api/auth/session", { cookie: first });
    expect(replay.status).toBe(401);
    expect((await call(campaigns.GET, "/api/campaigns", { cookie: first })).status).toBe(401);
    // scope "local": the other browser is still signed in.
    expect((await call(session.GET, "/api/auth/session", { cookie: second })).status).toBe(200);

    const crossSite = await call(signOut.POST, "/api/auth/sign-out", {
      method: "POST",
      cookie: second,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect((await call(session.GET, "/api/auth/session", { cookie: second })).status).toBe(200);

    // The app checks auth.sessions itself: an access token verified locally against the
    // project's JWKS would otherwise stay good for up to an hour after its session ended.
    await sql`delete from auth.sessions where user_id = ${up.body.user.id}`.execute(db());
    expect((await call(session.GET, "/api/auth/session", { cookie: second })).status).toBe(401);
  });

  it("a deleted user's cookie gets 401 and is cleared", async () => {
    const email = `sb-gone-${Date.now()}@example.com`;
    const up = await call(signUp.POST, "/api/auth/sign-up", {
      body: { email, password: "long enough password" },
    });
    const cookie = cookieHeader(up.headers);
    expect((await call(session.GET, "/api/auth/session", { cookie })).status).toBe(200);
    auth.deleteUser(up.body.user.id);
    await withServiceRole(
      "test deletes the user, as Supabase's admin API does",
      (trx) => sql`delete from auth.users where id = ${up.body.user.id}`.execute(trx),
      db(),
    );
    const res = await call(session.GET, "/api/auth/session", { cookie });
    expect(res.status).toBe(401);
    const cleared = res.headers.getSetCookie().filter((c) => /^sb-.+-auth-token/.test(c));
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared.every((c) => /Max-Age=0/i.test(c))).toBe(true);
  });

  it("refuses a second sign-up with the same email", async () => {
    const email = `sb-dup-${Date.now()}@example.com`;
    await call(signUp.POST, "/api/auth/sign-up", {
      body: { email, password: "long enough password" },
    });
    const again = await call(signUp.POST, "/api/auth/sign-up", {
      body: { email, password: "long enough password" },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("email_taken");
  });
});
