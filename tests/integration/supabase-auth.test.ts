// Supabase mode: the same auth routes and RLS-scoped queries, with @supabase/ssr talking to
// a local GoTrue stand-in. Claims come from the Supabase session, verified by the Auth server.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
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
    auth = await startSupabaseAuth((user) =>
      withServiceRole(
        "stand-in GoTrue writes auth.users",
        (trx) =>
          sql`insert into auth.users (id, email, encrypted_password) values (${user.id}, ${user.email}, 'gotrue')`.execute(
            trx,
          ),
        db(),
      ).then(() => undefined),
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
    expect(created.body.campaign.ownerId).toBe(res.body.user.id);

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
