// Errors reach Sentry and product events reach PostHog, through the real SDKs to local
// stand-ins: with the conversation and request ids, without secrets or audio. Unconfigured,
// both are no-ops. Every route response echoes (or generates) x-request-id.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "@/lib/campaigns/commands";
import { env, resetEnvCache } from "@/lib/env";
import { route } from "@/lib/http/route";
import { requestContext, setConversationId } from "@/lib/observability/context";
import { captureError, flushErrors } from "@/lib/observability/errors";
import { configureAnalytics, flushAnalytics, track } from "@/lib/observability/track";
import { describeEachDatabase } from "../helpers/db";
import { campaignInput, createUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { startPostHog } from "../stand-ins/posthog";
import { startSentry } from "../stand-ins/sentry";

const saved = { ...process.env };
const restoreEnv = () => {
  process.env = { ...saved };
  resetEnvCache();
};

describe("request ids", () => {
  const handler = route(async () => Response.json({ seen: requestContext()?.requestId }));

  it("echoes a well-formed x-request-id and uses it inside the request", async () => {
    const res = await call(handler, "/api/x", { headers: { "x-request-id": "req-123.abc" } });
    expect(res.headers.get("x-request-id")).toBe("req-123.abc");
    expect(res.body.seen).toBe("req-123.abc");
  });

  it("generates one when absent or malformed", async () => {
    for (const given of [undefined, "bad id <script>", "x".repeat(300)]) {
      const res = await call(handler, "/api/x", {
        headers: given ? { "x-request-id": given } : {},
      });
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.seen).toBe(id);
    }
  });

  it("sets it on error responses too", async () => {
    const failing = route(async () => {
      throw new Error("boom");
    });
    const res = await call(failing, "/api/x", { headers: { "x-request-id": "req-err" } });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe("internal_error");
    expect(res.headers.get("x-request-id")).toBe("req-err");
  });
});

describe("Sentry", () => {
  let sentry: Awaited<ReturnType<typeof startSentry>>;
  beforeAll(async () => {
    sentry = await startSentry();
  });
  afterEach(restoreEnv);
  afterAll(() => sentry.close());

  it("sends nothing when SENTRY_DSN is unset", async () => {
    captureError(new Error("not sent"), { conversationId: "c-0" });
    await flushErrors();
    expect(sentry.raw()).toHaveLength(0);
  });

  it("delivers a route's 500 with the conversation and request ids, scrubbed", async () => {
    process.env.SENTRY_DSN = sentry.dsn;
    process.env.OPENAI_API_KEY = "sk-test-never-leave-the-server-0001";
    resetEnvCache();
    const secret = env().AUTH_SECRET!;
    const audio = Buffer.alloc(4096, 7).toString("base64");
    const conversationId = "9b2f7a4e-1111-4222-8333-444455556666";
    // Built at run time: a literal would be in the source context lines Sentry attaches.
    const password = randomUUID();
    const callToken = randomUUID();
    const handler = route(async () => {
      setConversationId(conversationId);
      const error = new Error(
        `provider said no to key sk-test-never-leave-the-server-0001 (secret ${secret}) audio=${audio}`,
      );
      Object.assign(error, { audio, password });
      throw error;
    });
    const res = await call(handler, "/api/voice/turn", {
      headers: { "x-request-id": "req-sentry-1", authorization: `Bearer ${callToken}` },
    });
    expect(res.status).toBe(500);
    await flushErrors();

    const [event] = sentry.events();
    expect(event, "an event reached the Sentry stand-in").toBeDefined();
    expect(event.tags).toMatchObject({
      conversation_id: conversationId,
      request_id: "req-sentry-1",
      route: "/api/voice/turn",
    });
    expect(event.exception.values[0].value).toContain("provider said no");
    const sent = JSON.stringify(sentry.raw());
    for (const leak of [
      secret,
      "sk-test-never-leave-the-server-0001",
      audio,
      password,
      callToken,
    ]) {
      expect(sent).not.toContain(leak);
    }
  });

  it("delivers a direct captureError with its conversation id", async () => {
    process.env.SENTRY_DSN = sentry.dsn;
    resetEnvCache();
    const before = sentry.events().length;
    captureError(new Error("analysis failed"), {
      conversationId: "conv-direct",
      route: "analysis",
    });
    await flushErrors();
    const event = sentry.events()[before];
    expect(event.tags).toMatchObject({ conversation_id: "conv-direct", route: "analysis" });
  });
});

describeEachDatabase("PostHog", ({ db }) => {
  let posthog: Awaited<ReturnType<typeof startPostHog>>;
  beforeAll(async () => {
    posthog = await startPostHog();
  });
  afterEach(() => {
    restoreEnv();
    configureAnalytics();
  });
  afterAll(() => posthog.close());

  it("sends nothing when PostHog is not configured", async () => {
    track("call_started", "user-1", { campaignId: "c" });
    await flushAnalytics();
    expect(posthog.events()).toHaveLength(0);
  });

  it("delivers campaign_created when a campaign is created", async () => {
    process.env.POSTHOG_KEY = posthog.apiKey;
    process.env.POSTHOG_HOST = posthog.host;
    resetEnvCache();
    configureAnalytics();
    const user = await createUser(db());
    const campaign = await createCampaign(user.claims, campaignInput());
    await flushAnalytics();
    const event = posthog.events().find((e) => e.properties.campaignId === campaign.id);
    expect(event).toMatchObject({ event: "campaign_created", distinct_id: user.id });
    expect(event?.properties).toMatchObject({ questions: 2, voice: "nova" });
  });

  it("delivers plain JSON batches too (disableCompression)", async () => {
    process.env.POSTHOG_KEY = posthog.apiKey;
    process.env.POSTHOG_HOST = posthog.host;
    resetEnvCache();
    configureAnalytics({ disableCompression: true });
    track("lead_qualified", "owner-2", { conversationId: "conv-9", score: 7 });
    await flushAnalytics();
    expect(posthog.events().find((e) => e.event === "lead_qualified")).toMatchObject({
      distinct_id: "owner-2",
      properties: { conversationId: "conv-9", score: 7 },
    });
  });
});
