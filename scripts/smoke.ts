// npm run smoke -- --url URL [--email E --password P]
// The real user path against a running deployment: sign in (or sign up a throwaway user),
// create and activate a campaign, start a call, one text turn read from the NDJSON stream
// to its end, end the call, check the stored conversation and lead, delete the campaign.
// Prints each step with its time; exit code 0 only if every step passed.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { deploymentClient, deploymentOptions, expectJson } from "@/lib/ops/http-client";

const HELP = `Usage: npm run smoke -- --url URL [options]

Options:
  --url URL             the deployment, e.g. https://voxline.example.com
  --email EMAIL         sign in as this user (default SMOKE_EMAIL); without it, signs up a
                        throwaway user (needs sign-up without email confirmation)
  --password PASSWORD   (default SMOKE_PASSWORD)
  --bypass-token TOKEN  Vercel deployment-protection bypass secret
                        (default VERCEL_AUTOMATION_BYPASS_SECRET)
  --timeout MS          per-request timeout (default 30000)
  -h, --help            this help

The campaign it creates is deleted at the end, with its conversation, turns and lead,
whether or not the other steps passed. Exit code 0 when every step passed, 1 otherwise,
2 on usage errors.`;

const CALLER_TEXT =
  "Hi, this is Sam Smoke, my email is sam.smoke@example.com. I need a new kitchen within a month.";

interface Step {
  name: string;
  ms: number;
  ok: boolean;
  detail: string;
}

async function readTurnStream(res: Response) {
  if (res.status !== 200 || !res.body) {
    await expectJson(res, 200, "POST /api/voice/turn");
  }
  const decoder = new TextDecoder();
  let buffer = "";
  let agentText = "";
  let audioBytes = 0;
  let done: any = null;
  const reader = res.body!.getReader();
  for (;;) {
    const { value, done: end } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      if (!line) continue;
      const event = JSON.parse(line);
      if (event.type === "error") throw new Error(`turn error ${event.code}: ${event.message}`);
      if (event.type === "agent_text" && event.kind === "reply") agentText += event.text ?? "";
      if (event.type === "audio") audioBytes += Buffer.from(event.data ?? "", "base64").length;
      if (event.type === "done") done = event;
    }
    if (end) break;
  }
  if (!done) throw new Error("the turn stream ended without a done event");
  if (!agentText.trim()) throw new Error("the agent said nothing");
  return { agentText, audioBytes, done };
}

async function main() {
  const { values } = parseArgs({
    options: { ...deploymentOptions, email: { type: "string" }, password: { type: "string" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { SMOKE_EMAIL, SMOKE_PASSWORD } = env();
  const email = values.email ?? SMOKE_EMAIL;
  const password = values.password ?? SMOKE_PASSWORD;
  if (!!email !== !!password) {
    console.error("Pass both --email and --password (or neither, to sign up a throwaway user)");
    return 2;
  }
  const client = deploymentClient(values, 30_000);
  if (!client) return 2;

  const storedCall = async (id: string) =>
    expectJson(
      await client.request("GET", `/api/conversations/${id}`),
      200,
      "GET /api/conversations/:id",
    );

  const steps: Step[] = [];
  const run = async <T>(name: string, fn: () => Promise<[T, string]>): Promise<T> => {
    const start = performance.now();
    try {
      const [result, detail] = await fn();
      const step = { name, ms: Math.round(performance.now() - start), ok: true, detail };
      steps.push(step);
      console.log(`ok    ${name.padEnd(22)} ${String(step.ms).padStart(6)} ms  ${detail}`);
      return result;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      steps.push({ name, ms: Math.round(performance.now() - start), ok: false, detail });
      console.log(
        `FAIL  ${name.padEnd(22)} ${String(Math.round(performance.now() - start)).padStart(6)} ms  ${detail}`,
      );
      throw error;
    }
  };

  console.log(`Smoke test of ${client.baseUrl}`);
  let campaignId: string | undefined;
  try {
    await run("sign in", async () => {
      if (email && password) {
        const res = await client.request("POST", "/api/auth/sign-in", {
          json: { email, password },
        });
        const body = await expectJson(res, 200, "POST /api/auth/sign-in");
        return [body, `as ${email}`];
      }
      const throwaway = `smoke+${Date.now()}-${randomBytes(3).toString("hex")}@example.com`;
      const res = await client.request("POST", "/api/auth/sign-up", {
        json: { email: throwaway, password: randomBytes(18).toString("base64url") },
      });
      const body = await expectJson(res, 201, "POST /api/auth/sign-up");
      if (body?.user?.confirmationRequired || client.cookies.size === 0) {
        throw new Error(
          "sign-up needs email confirmation here: pass --email/--password of a smoke account",
        );
      }
      return [body, `signed up ${throwaway}`];
    });

    const campaign = await run("create campaign", async () => {
      const res = await client.request("POST", "/api/campaigns", {
        json: {
          name: `Smoke test ${new Date().toISOString()}`,
          description: "Created by npm run smoke; deleted at the end of the run.",
          voiceSettings: { voice: "nova", language: "en-US", speed: 1 },
          flowConfig: {
            persona: "You are a concise assistant qualifying kitchen remodel leads.",
            firstMessage: "Hi! Thanks for calling. What's your name?",
            questions: [{ id: "need", text: "What do you need help with?", weight: 5 }],
            requiredFields: ["name", "email"],
            closingMessage: "Thanks, we'll be in touch. Goodbye!",
          },
        },
      });
      const { campaign } = await expectJson(res, 201, "POST /api/campaigns");
      campaignId = campaign.id;
      return [campaign, `${campaign.id} /call/${campaign.publicSlug}`];
    });

    await run("activate campaign", async () => {
      const res = await client.request("POST", `/api/campaigns/${campaign.id}/status`, {
        json: { status: "active" },
      });
      const body = await expectJson(res, 200, "POST /api/campaigns/:id/status");
      if (body.campaign.status !== "active") throw new Error(`status is ${body.campaign.status}`);
      return [body, "active"];
    });

    const call = await run("start call", async () => {
      const res = await client.request("POST", "/api/calls", {
        json: { campaignSlug: campaign.publicSlug, caller: { name: "Sam Smoke" } },
        cookies: false, // callers are anonymous
      });
      const body = await expectJson(res, 201, "POST /api/calls");
      if (!body.conversationId || !body.callToken)
        throw new Error("no conversationId or callToken");
      return [body, `conversation ${body.conversationId}: "${body.firstMessage?.text ?? ""}"`];
    });

    await run("text turn", async () => {
      const res = await client.request("POST", "/api/voice/turn", {
        json: { text: CALLER_TEXT },
        headers: { authorization: `Bearer ${call.callToken}` },
        cookies: false,
      });
      const { agentText, audioBytes } = await readTurnStream(res);
      return [null, `agent: "${agentText.trim().slice(0, 80)}", ${audioBytes} audio bytes`];
    });

    await run("end call", async () => {
      const res = await client.request("POST", `/api/calls/${call.conversationId}/end`, {
        json: {},
        headers: { authorization: `Bearer ${call.callToken}` },
        cookies: false,
      });
      const body = await expectJson(res, 200, "POST /api/calls/:id/end");
      if (body.status !== "ended") throw new Error(`status is ${body.status}`);
      return [body, "ended"];
    });

    await run("check stored call", async () => {
      // The post-call analysis (summary, lead) is a job that runs after the end's response.
      let body = await storedCall(call.conversationId);
      for (let i = 0; i < 40 && !body.lead; i++) {
        await new Promise((r) => setTimeout(r, 250));
        body = await storedCall(call.conversationId);
      }
      const turns: { role: string; text: string }[] = body.turns ?? [];
      if (!turns.some((t) => t.role === "caller" && t.text.includes("Sam Smoke"))) {
        throw new Error("the caller's turn was not stored");
      }
      if (!turns.some((t) => t.role === "agent" && t.text.trim()))
        throw new Error("no agent turn stored");
      if (!body.lead) throw new Error("no lead stored");
      return [
        body,
        `${turns.length} turns, lead ${body.lead.id ?? ""} ${body.lead.email ?? ""}`.trim(),
      ];
    });
  } catch {
    // reported by run(); clean up below
  } finally {
    if (campaignId) {
      const id = campaignId;
      await run("delete campaign", async () => {
        const res = await client.request("DELETE", `/api/campaigns/${id}`);
        await expectJson(res, 200, "DELETE /api/campaigns/:id");
        const gone = await client.request("GET", `/api/campaigns/${id}`);
        await expectJson(gone, 404, "GET /api/campaigns/:id after delete");
        return [null, `${id} deleted`];
      }).catch(() => {});
    }
  }

  const failed = steps.filter((s) => !s.ok);
  const total = steps.reduce((sum, s) => sum + s.ms, 0);
  console.log(
    failed.length
      ? `SMOKE FAILED: ${failed.map((s) => s.name).join(", ")} (${steps.length} steps, ${total} ms)`
      : `SMOKE PASSED: ${steps.length} steps in ${total} ms`,
  );
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
