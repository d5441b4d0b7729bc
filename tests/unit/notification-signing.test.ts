// Webhook signing and the URL rules that keep webhooks off our own network (SSRF).
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { eventIdFor } from "@/lib/notifications/events";
import { postJson } from "@/lib/notifications/post";
import {
  generateSigningSecret,
  signatureHeader,
  verifySignature,
} from "@/lib/notifications/signing";
import {
  assertDeliverable,
  isPrivateAddress,
  webhookUrlProblem,
} from "@/lib/notifications/url-safety";
import { sendWebhook } from "@/lib/notifications/webhook";

describe("signatures", () => {
  const secret = generateSigningSecret();
  const body = JSON.stringify({ id: "evt_1", type: "lead.qualified", lead: { name: "Zoë" } });

  it("is HMAC-SHA256 over `<t>.<raw body>`, hex, in t=…,v1=…", () => {
    const header = signatureHeader(secret, body, 1_800_000_000);
    const hex = createHmac("sha256", secret).update(`1800000000.${body}`).digest("hex");
    expect(header).toBe(`t=1800000000,v1=${hex}`);
  });

  it("verifies within the tolerance and refuses a changed body, secret or stale timestamp", () => {
    const now = 1_800_000_000;
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body, { now })).toBe(true);
    expect(verifySignature(secret, header, body, { now: now + 299 })).toBe(true);
    expect(verifySignature(secret, header, body, { now: now + 301 })).toBe(false);
    expect(verifySignature(secret, header, `${body} `, { now })).toBe(false);
    expect(verifySignature(generateSigningSecret(), header, body, { now })).toBe(false);
    expect(verifySignature(secret, "t=abc,v1=zz", body, { now })).toBe(false);
  });

  it("makes distinct secrets and one event id per (kind, conversation)", () => {
    expect(generateSigningSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateSigningSecret()).not.toBe(generateSigningSecret());
    const id = "6f1c1f9e-4a86-4c39-9d7e-3b8f7e0f2a11";
    expect(eventIdFor("lead.qualified", id)).toBe(eventIdFor("lead.qualified", id));
    expect(eventIdFor("lead.qualified", id)).toMatch(/^evt_[0-9a-f]{32}$/);
  });
});

describe("webhook URLs (SSRF)", () => {
  it("allows https to public hosts everywhere, http only to localhost outside production", () => {
    expect(webhookUrlProblem("https://hooks.example.com/x", true)).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:4500/x", false)).toBeNull();
    expect(webhookUrlProblem("http://localhost:4500/x", false)).toBeNull();
    expect(webhookUrlProblem("http://hooks.example.com/x", false)).toMatch(/https/);
    expect(webhookUrlProblem("http://127.0.0.1:4500/x", true)).toMatch(/https/);
    expect(webhookUrlProblem("ftp://example.com/x", false)).toMatch(/https/);
    expect(webhookUrlProblem("https://user:pw@example.com/", false)).toMatch(/password/);
    expect(webhookUrlProblem("not a url", false)).toMatch(/full URL/);
  });

  it("refuses private, loopback and link-local addresses in production", () => {
    for (const host of [
      "localhost",
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "[::1]",
      "[fe80::1]",
      "[fd00::1]",
      "[::ffff:10.0.0.1]",
      "printer.local",
    ])
      expect(webhookUrlProblem(`https://${host}/hook`, true), host).toMatch(/public address/);
    expect(isPrivateAddress("93.184.216.34")).toBe(false);
    expect(isPrivateAddress("2606:4700::1111")).toBe(false);
  });

  it("checks what a host resolves to before delivering in production", async () => {
    // A public-looking name whose DNS answer is private (rebinding, internal zones).
    const resolvesTo = (address: string) => async () => [{ address: "93.184.216.34" }, { address }];
    await expect(
      assertDeliverable("https://hooks.example.com/x", true, resolvesTo("10.0.0.5")),
    ).rejects.toThrow(/private address/);
    await expect(
      assertDeliverable("https://hooks.example.com/x", true, resolvesTo("93.184.216.35")),
    ).resolves.toBeUndefined();
    await expect(assertDeliverable("https://127.0.0.1/hook", true)).rejects.toThrow(/public/);
    await expect(assertDeliverable("http://127.0.0.1:4500/hook", false)).resolves.toBeUndefined();
  });

  it("refuses at connect time a host that re-resolves to an internal address (DNS rebinding)", async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      received.push(req.url ?? "");
      res.end("ok");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const { port } = receiver.address() as AddressInfo;
    // The name the URL check saw as public now answers with the loopback address.
    const rebound = (
      _host: string,
      cb: (e: null, a: { address: string; family: number }[]) => void,
    ) => cb(null, [{ address: "127.0.0.1", family: 4 }]);
    try {
      const url = `http://hooks.example.com:${port}/hook`;
      const refused = await postJson(
        "webhook",
        url,
        "{}",
        {},
        { production: true, resolve: rebound },
      );
      expect(refused).toMatchObject({ ok: false, statusCode: null });
      expect(refused.error).toMatch(/private address/);
      expect(received).toEqual([]);
      // Outside production the same lookup connects (a receiver on the developer's machine).
      const sent = await postJson(
        "webhook",
        url,
        "{}",
        {},
        { production: false, resolve: rebound },
      );
      expect(sent).toMatchObject({ ok: true, statusCode: 200 });
      expect(received).toEqual(["/hook"]);
    } finally {
      receiver.close();
    }
  });

  it("logs a refused URL as a failed attempt without calling it", async () => {
    const attempt = await sendWebhook(
      "http://169.254.169.254/latest",
      "whsec_x",
      "evt_1",
      "{}",
      true,
    );
    expect(attempt).toMatchObject({ target: "webhook", ok: false, statusCode: null });
    expect(attempt.error).toMatch(/https/);
  });
});
