// Sessions on the server and CSRF, through the real route handlers on each database:
// sign-out revokes the session row (a replayed cookie gets 401), a deleted user's cookie
// gets 401 and is cleared, and cookie-authenticated mutations (sign-in/out and a server
// action) refuse cross-origin requests with 403 while same-origin ones work.
import { sql } from "kysely";
import { expect, it } from "vitest";
import * as session from "@/app/api/auth/session/route";
import * as signIn from "@/app/api/auth/sign-in/route";
import * as signOut from "@/app/api/auth/sign-out/route";
import * as signUp from "@/app/api/auth/sign-up/route";
import * as campaigns from "@/app/api/campaigns/route";
import { runActionFor } from "@/lib/actions/run-action";
import { readClaims } from "@/lib/auth";
import { createCampaign } from "@/lib/campaigns/commands";
import { withServiceRole } from "@/lib/db/scoped";
import { describeEachDatabase } from "../helpers/db";
import { campaignInput, countRows } from "../helpers/factories";
import { call } from "../helpers/http";

const SAME_ORIGIN = { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" };
const password = "correct horse battery";

const sessionCookie = (headers: Headers) =>
  headers
    .getSetCookie()
    .find((c) => c.startsWith("vx_session="))
    ?.split(";")[0];
const cleared = (headers: Headers) =>
  headers.getSetCookie().some((c) => /^vx_session=;/.test(c) && /Max-Age=0/i.test(c));

async function signedIn() {
  const email = `sess-${crypto.randomUUID()}@example.com`;
  const res = await call(signUp.POST, "/api/auth/sign-up", {
    body: { email, password },
    headers: SAME_ORIGIN,
  });
  expect(res.status).toBe(201);
  return { email, id: res.body.user.id as string, cookie: sessionCookie(res.headers)! };
}

const whoAmI = (cookie: string) => call(session.GET, "/api/auth/session", { cookie });
const jarOf = (cookie: string) => ({
  getAll: () => [{ name: "vx_session", value: cookie.slice("vx_session=".length) }],
  setAll: () => {},
});

describeEachDatabase("server-side sessions", ({ db }) => {
  it("signing out revokes the session: the same cookie replayed gets 401", async () => {
    const user = await signedIn();
    expect((await whoAmI(user.cookie)).body.user).toMatchObject({ id: user.id });
    const out = await call(signOut.POST, "/api/auth/sign-out", {
      method: "POST",
      cookie: user.cookie,
      headers: SAME_ORIGIN,
    });
    expect(out.status).toBe(200);
    expect(cleared(out.headers)).toBe(true);

    // A copy of the cookie taken before sign-out (a stolen one) is dead on every path.
    const replay = await whoAmI(user.cookie);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("unauthorized");
    expect(cleared(replay.headers)).toBe(true);
    expect((await call(campaigns.GET, "/api/campaigns", { cookie: user.cookie })).status).toBe(401);
    expect(await readClaims(jarOf(user.cookie))).toBeNull();
  });

  it("signing out one browser leaves the user's other sessions alone", async () => {
    const user = await signedIn();
    const other = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email: user.email, password },
      headers: SAME_ORIGIN,
    });
    const second = sessionCookie(other.headers)!;
    await call(signOut.POST, "/api/auth/sign-out", {
      method: "POST",
      cookie: user.cookie,
      headers: SAME_ORIGIN,
    });
    expect((await whoAmI(user.cookie)).status).toBe(401);
    expect((await whoAmI(second)).status).toBe(200);
  });

  it("a valid cookie of a deleted user gets 401 and is cleared", async () => {
    const user = await signedIn();
    expect((await whoAmI(user.cookie)).status).toBe(200);
    await withServiceRole(
      "test deletes the user",
      (trx) => sql`delete from auth.users where id = ${user.id}`.execute(trx),
      db(),
    );
    const res = await whoAmI(user.cookie);
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: "unauthorized", message: "Sign in to continue" });
    expect(cleared(res.headers)).toBe(true);
    expect((await call(campaigns.GET, "/api/campaigns", { cookie: user.cookie })).status).toBe(401);
  });

  it("refuses cross-origin sign-out (403) and leaves the session alive", async () => {
    const user = await signedIn();
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "https://sub.localhost:3000" },
      // Host is the client's to choose: it never makes a foreign origin ours.
      { origin: "https://evil.example", host: "evil.example" },
    ];
    for (const headers of attempts) {
      const res = await call(signOut.POST, "/api/auth/sign-out", {
        method: "POST",
        cookie: user.cookie,
        headers,
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect((await whoAmI(user.cookie)).status).toBe(200);
    // The local origins a developer opens the app on all count as same-origin.
    for (const origin of ["http://127.0.0.1:3000", "http://[::1]:3000"]) {
      const res = await call(signIn.POST, "/api/auth/sign-in", {
        body: { email: user.email, password },
        headers: { origin, "sec-fetch-site": "same-origin" },
      });
      expect(res.status, origin).toBe(200);
    }
  });

  it("refuses a cross-site sign-in that would plant the attacker's session (login CSRF)", async () => {
    const user = await signedIn();
    const res = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email: user.email, password },
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(res.status).toBe(403);
    expect(sessionCookie(res.headers)).toBeUndefined();
  });

  it("a server action refuses cross-origin requests with 403 and writes nothing", async () => {
    const user = await signedIn();
    const revoked = await signedIn();
    await call(signOut.POST, "/api/auth/sign-out", {
      method: "POST",
      cookie: revoked.cookie,
      headers: SAME_ORIGIN,
    });
    const before = await countRows(db());
    const input = campaignInput({ name: "Forged campaign" });
    const forged: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of forged) {
      const result = await runActionFor(
        { headers: new Headers(headers), jar: jarOf(user.cookie) },
        createCampaign,
        input,
      );
      expect(result).toMatchObject({ ok: false, status: 403, error: { code: "forbidden" } });
    }
    expect(await countRows(db())).toEqual(before);

    const signedOut = await runActionFor(
      { headers: new Headers(SAME_ORIGIN), jar: jarOf(revoked.cookie) },
      createCampaign,
      input,
    );
    expect(signedOut).toMatchObject({ ok: false, status: 401 });
    expect(await countRows(db())).toEqual(before);

    const ok = await runActionFor(
      { headers: new Headers(SAME_ORIGIN), jar: jarOf(user.cookie) },
      createCampaign,
      input,
    );
    expect(ok).toMatchObject({ ok: true, data: { name: "Forged campaign", workspaceId: user.id } });
  });
});
