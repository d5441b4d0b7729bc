// Rotating AUTH_SECRET signs no one out and drops no call: sign in and start a call, run
// `npm run rotate-secrets` against the Vercel stand-in, start the app with what the
// redeploy got, and the old session and call token still work; rotate again and what the
// removed secret signed is refused.
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as session from "@/app/api/auth/session/route";
import * as signIn from "@/app/api/auth/sign-in/route";
import * as signUp from "@/app/api/auth/sign-up/route";
import { readClaims } from "@/lib/auth";
import { keyId } from "@/lib/auth/secret";
import { createCampaign, setCampaignStatus } from "@/lib/campaigns/commands";
import { resetEnvCache } from "@/lib/env";
import { resetProviders } from "@/lib/voice/providers";
import { startCall, textTurn } from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import { campaignInput } from "../helpers/factories";
import { call } from "../helpers/http";
import { liveDeployment, runScript, vercelEnv } from "../helpers/scripts";
import { startVercel } from "../stand-ins/vercel";

const SECRET_A = "secret-a-that-is-long-enough-0123456789abcdef";
const vercelAuth = { token: "vercel-test-token", projectId: "prj_rotate", teamId: "team_rotate" };

const rotate = (apiUrl: string, args: string[] = ["--yes"]) =>
  runScript("rotate-secrets", args, vercelEnv(vercelAuth, apiUrl));

const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const sessionOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .find((c) => c.startsWith("vx_session="))!
    .split(";")[0]!;
const lastDone = (turn: { events: { type: string; callToken?: string }[] }) =>
  turn.events.find((e) => e.type === "done")!;

describeEachDatabase("secret rotation", () => {
  let vercel: Awaited<ReturnType<typeof startVercel>>;
  const saved = { ...process.env };

  /** Runs the app with the variables the latest redeploy was built with. */
  function runWithDeployedEnv() {
    const deployed = vercel.deployedEnv(vercel.production())!;
    process.env.AUTH_SECRET = deployed.AUTH_SECRET;
    if (deployed.AUTH_SECRET_PREVIOUS)
      process.env.AUTH_SECRET_PREVIOUS = deployed.AUTH_SECRET_PREVIOUS;
    resetEnvCache();
  }

  beforeAll(async () => {
    vercel = await startVercel({
      ...vercelAuth,
      deployments: [liveDeployment()],
      production: "dpl_live",
      env: [{ key: "AUTH_SECRET", value: SECRET_A, type: "encrypted", target: ["production"] }],
    });
    process.env.AUTH_SECRET = SECRET_A;
    delete process.env.AUTH_SECRET_PREVIOUS;
    resetEnvCache();
    resetProviders();
  });

  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    await vercel?.close();
  });

  it("keeps the session and the call working across a rotation, and refuses a removed secret", async () => {
    // Signed in, with a call under way, all on secret A.
    const email = `rotate-${crypto.randomUUID()}@example.com`;
    await call(signUp.POST, "/api/auth/sign-up", { body: { email, password: "long password" } });
    const signedIn = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email, password: "long password" },
    });
    const cookie = sessionOf(signedIn.headers);
    const claims = (await readClaims({
      getAll: () => [{ name: "vx_session", value: cookie.slice("vx_session=".length) }],
      setAll: () => {},
    }))!;
    const campaign = await createCampaign(claims, campaignInput());
    await setCampaignStatus(claims, { id: campaign.id, status: "active" });
    const started = await startCall(campaign.publicSlug);
    expect(started.status).toBe(201);
    const tokenA: string = started.body.callToken;
    expect(kidOf(tokenA)).toBe(keyId(SECRET_A));
    expect(kidOf(cookie.slice("vx_session=".length))).toBe(keyId(SECRET_A));

    // Rotate: B signs, A verifies; production is redeployed with both.
    const first = await rotate(vercel.url);
    expect(first.code, first.output).toBe(0);
    expect(first.output).not.toContain(SECRET_A);
    runWithDeployedEnv();
    expect(process.env.AUTH_SECRET_PREVIOUS).toBe(SECRET_A);
    const secretB = process.env.AUTH_SECRET!;
    expect(secretB).not.toBe(SECRET_A);

    expect((await call(session.GET, "/api/auth/session", { cookie })).status).toBe(200);
    const turn = await textTurn(tokenA, "Yes, sure.");
    expect(turn.status).toBe(200);
    const tokenB = lastDone(turn).callToken!;
    expect(kidOf(tokenB)).toBe(keyId(secretB));
    const fresh = await call(signIn.POST, "/api/auth/sign-in", {
      body: { email, password: "long password" },
    });
    const cookieB = sessionOf(fresh.headers);
    expect(kidOf(cookieB.slice("vx_session=".length))).toBe(keyId(secretB));

    // Rotate again: A is gone, so what it signed is refused; what B signed still works.
    const second = await rotate(vercel.url);
    expect(second.code, second.output).toBe(0);
    runWithDeployedEnv();
    expect(process.env.AUTH_SECRET_PREVIOUS).toBe(secretB);

    const oldSession = await call(session.GET, "/api/auth/session", { cookie });
    expect(oldSession.status).toBe(401);
    expect(oldSession.headers.getSetCookie().some((c) => /^vx_session=;/.test(c))).toBe(true);
    expect((await textTurn(tokenA, "Still there?")).status).toBe(401);
    expect((await call(session.GET, "/api/auth/session", { cookie: cookieB })).status).toBe(200);
    expect((await textTurn(tokenB, "Still there?")).status).toBe(200);
  }, 180_000); // two script runs and three spoken turns on a shared machine
});
