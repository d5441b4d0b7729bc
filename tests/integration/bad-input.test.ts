// Every route and command given bad input answers a 4xx { error: { code, message } } and
// writes nothing.
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import * as missingRoute from "@/app/api/[...path]/route";
import * as signIn from "@/app/api/auth/sign-in/route";
import * as signOut from "@/app/api/auth/sign-out/route";
import * as signUp from "@/app/api/auth/sign-up/route";
import * as campaignRoute from "@/app/api/campaigns/[id]/route";
import * as statusRoute from "@/app/api/campaigns/[id]/status/route";
import * as campaignRoutes from "@/app/api/campaigns/route";
import * as conversationRoute from "@/app/api/conversations/[id]/route";
import * as commands from "@/lib/campaigns/commands";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "../helpers/db";
import {
  campaignInput,
  countRows,
  createCampaignFor,
  createUser,
  type TestUser,
} from "../helpers/factories";
import { call } from "../helpers/http";

const long = (n: number) => "x".repeat(n);

/** Bad bodies every JSON route must refuse: [label, body, headers?]. */
function badBodies(valid: Record<string, unknown>): [string, unknown, Record<string, string>?][] {
  const [firstKey] = Object.keys(valid);
  const without = { ...valid };
  delete without[firstKey!];
  return [
    ["empty object", {}],
    ["missing field", without],
    ["wrong type", { ...valid, [firstKey!]: 42 }],
    ["null field", { ...valid, [firstKey!]: null }],
    ["oversized string", { ...valid, [firstKey!]: long(5000) }],
    ["unknown field", { ...valid, isAdmin: true }],
    ["an array", [valid]],
    ["invalid JSON", "{not json", { "content-type": "application/json" }],
    ["wrong content type", "email=a@b.c", { "content-type": "application/x-www-form-urlencoded" }],
    ["no content type", JSON.stringify(valid), { "content-type": "" }],
    ["body over 64 KiB", { ...valid, padding: long(70_000) }],
  ];
}

describeEachDatabase("bad input", ({ db }) => {
  let user: TestUser;
  let campaignId: string;

  beforeAll(async () => {
    user = await createUser(db());
    campaignId = (await createCampaignFor(user)).id;
  });

  const expectRejected = async (
    label: string,
    run: () => Promise<{ status: number; body: any }>,
  ) => {
    const before = await countRows(db());
    const res = await run();
    expect(res.status, label).toBeGreaterThanOrEqual(400);
    expect(res.status, label).toBeLessThan(500);
    expect(res.body?.error?.code, label).toEqual(expect.any(String));
    expect(res.body?.error?.message, label).toEqual(expect.any(String));
    expect(await countRows(db()), label).toEqual(before);
  };

  it("rejects bad bodies on the auth routes", async () => {
    const valid = { email: "new-user@example.com", password: "long enough password" };
    for (const handler of [signUp.POST, signIn.POST]) {
      for (const [label, body, headers] of badBodies(valid)) {
        await expectRejected(label, () => call(handler, "/api/auth/x", { body, headers }));
      }
    }
    await expectRejected("bad email", () =>
      call(signUp.POST, "/api/auth/sign-up", { body: { ...valid, email: "nope" } }),
    );
    await expectRejected("short password", () =>
      call(signUp.POST, "/api/auth/sign-up", { body: { ...valid, password: "short" } }),
    );
    await expectRejected("sign-out with fields", () =>
      call(signOut.POST, "/api/auth/sign-out", { body: { everywhere: true } }),
    );
  });

  it("rejects bad bodies on the campaign routes", async () => {
    const valid = campaignInput() as unknown as Record<string, unknown>;
    const cookie = user.cookie;
    const params = { id: campaignId };
    for (const [label, body, headers] of badBodies(valid)) {
      await expectRejected(`POST ${label}`, () =>
        call(campaignRoutes.POST, "/api/campaigns", { cookie, body, headers }),
      );
      await expectRejected(`PATCH ${label}`, () =>
        call(campaignRoute.PATCH, "/api/campaigns/x", {
          method: "PATCH",
          cookie,
          params,
          body,
          headers,
        }),
      );
    }
    const nested: [string, unknown][] = [
      [
        "question weight out of range",
        {
          ...valid,
          flowConfig: {
            ...(valid.flowConfig as object),
            questions: [{ id: "a", text: "Why?", weight: 99 }],
          },
        },
      ],
      [
        "unknown voice",
        { ...valid, voiceSettings: { voice: "robot", language: "en-US", speed: 1 } },
      ],
      [
        "unknown nested field",
        { ...valid, voiceSettings: { voice: "nova", language: "en-US", speed: 1, pitch: 3 } },
      ],
      [
        "oversized persona",
        { ...valid, flowConfig: { ...(valid.flowConfig as object), persona: long(4001) } },
      ],
    ];
    for (const [label, body] of nested) {
      await expectRejected(label, () =>
        call(campaignRoutes.POST, "/api/campaigns", { cookie, body }),
      );
    }
    for (const [label, body, headers] of badBodies({ status: "active" })) {
      await expectRejected(`status ${label}`, () =>
        call(statusRoute.POST, "/api/campaigns/x/status", { cookie, params, body, headers }),
      );
    }
    await expectRejected("unknown status", () =>
      call(statusRoute.POST, "/x", { cookie, params, body: { status: "deleted" } }),
    );
    await expectRejected("malformed id", () =>
      call(campaignRoute.GET, "/x", { cookie, params: { id: "not-a-uuid" } }),
    );
    await expectRejected("malformed id on DELETE", () =>
      call(campaignRoute.DELETE, "/x", { method: "DELETE", cookie, params: { id: "not-a-uuid" } }),
    );
    await expectRejected("unknown id on DELETE", () =>
      call(campaignRoute.DELETE, "/x", { method: "DELETE", cookie, params: { id: randomUUID() } }),
    );
    await expectRejected("malformed id on PATCH", () =>
      call(campaignRoute.PATCH, "/x", {
        method: "PATCH",
        cookie,
        params: { id: "1 or 1=1" },
        body: valid,
      }),
    );
    const archived = await call(statusRoute.POST, "/x", {
      cookie,
      params,
      body: { status: "archived" },
    });
    expect(archived.body.campaign.status).toBe("archived");
    const toDraft = () =>
      call(statusRoute.POST, "/x", { cookie, params, body: { status: "draft" } });
    await expectRejected("archived → draft", toDraft);
    expect((await toDraft()).status).toBe(409);
  });

  it("refuses text Postgres cannot store (NUL, lone surrogates) in any field or key, with 400", async () => {
    const valid = campaignInput() as unknown as Record<string, unknown>;
    const cookie = user.cookie;
    const cases: [string, unknown][] = [
      ["NUL in a name", { ...valid, name: "Spring\u0000promo" }],
      ["lone surrogate in a name", { ...valid, name: "Spring \uD83D promo" }],
      [
        "NUL deep in the flow",
        {
          ...valid,
          flowConfig: {
            ...(valid.flowConfig as object),
            questions: [{ id: "a", text: "Why\u0000?", weight: 5 }],
          },
        },
      ],
      ["NUL in a key", { ...valid, "name\u0000": "x" }],
    ];
    for (const [label, body] of cases) {
      await expectRejected(label, () =>
        call(campaignRoutes.POST, "/api/campaigns", { cookie, body }),
      );
      const res = await call(campaignRoutes.POST, "/api/campaigns", { cookie, body });
      expect(res.body.error.code, label).toBe("invalid_text");
    }
    await expectRejected("NUL in a password", () =>
      call(signUp.POST, "/api/auth/sign-up", {
        body: { email: "nul@example.com", password: "long enough\u0000password" },
      }),
    );
    await expectRejected("NUL via a server action's command", async () => {
      const error = await commands
        .createCampaign(user.claims, { ...valid, description: "a\u0000b" })
        .catch((e) => e);
      return {
        status: error.status,
        body: { error: { code: error.code, message: error.message } },
      };
    });
  });

  it("refuses malformed path parameters and look-alike content types", async () => {
    const cookie = user.cookie;
    for (const id of ["%E0%A4%A", "%zz", "\u0000", "abc\uD800"]) {
      await expectRejected(`campaign id ${JSON.stringify(id)}`, () =>
        call(campaignRoute.GET, "/x", { cookie, params: { id } }),
      );
      await expectRejected(`conversation id ${JSON.stringify(id)}`, () =>
        call(conversationRoute.GET, "/x", { cookie, params: { id } }),
      );
    }
    for (const type of ["application/jsonx", "application/json-seq", "text/json"]) {
      const res = await call(campaignRoutes.POST, "/api/campaigns", {
        cookie,
        body: JSON.stringify(campaignInput()),
        headers: { "content-type": type },
      });
      expect(res.status, type).toBe(415);
    }
    const ok = await call(campaignRoutes.POST, "/api/campaigns", {
      cookie,
      body: JSON.stringify(campaignInput({ name: "Charset is fine" })),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(ok.status).toBe(201);
  });

  it("answers unknown API paths with a JSON 404 for every method", async () => {
    const { GET, POST, PUT, PATCH, DELETE } = missingRoute;
    for (const [method, handler] of Object.entries({ GET, POST, PUT, PATCH, DELETE })) {
      const res = await call(handler, "/api/no/such/thing", { method });
      expect(res.status, method).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });

  it("answers another owner's conversation with 404, through the query module", async () => {
    const other = await createUser(db());
    const res = await call(conversationRoute.GET, "/x", {
      cookie: other.cookie,
      params: { id: randomUUID() },
    });
    expect(res.status).toBe(404);
  });

  it("rejects bad input to every command the server actions run", async () => {
    const valid = campaignInput();
    const cases: [string, () => Promise<unknown>][] = [
      ["create: empty", () => commands.createCampaign(user.claims, {})],
      [
        "create: unknown field",
        () => commands.createCampaign(user.claims, { ...valid, workspaceId: user.id }),
      ],
      ["create: wrong type", () => commands.createCampaign(user.claims, { ...valid, name: 7 })],
      [
        "create: oversized",
        () => commands.createCampaign(user.claims, { ...valid, description: long(2001) }),
      ],
      ["update: missing id", () => commands.updateCampaign(user.claims, valid)],
      ["update: bad id", () => commands.updateCampaign(user.claims, { ...valid, id: "x" })],
      ["status: missing", () => commands.setCampaignStatus(user.claims, { id: campaignId })],
      [
        "status: unknown field",
        () =>
          commands.setCampaignStatus(user.claims, {
            id: campaignId,
            status: "active",
            force: true,
          }),
      ],
      ["list: unknown field", () => commands.listCampaigns(user.claims, { all: true })],
      ["delete: missing id", () => commands.deleteCampaign(user.claims, {})],
      ["delete: bad id", () => commands.deleteCampaign(user.claims, { id: "1 or 1=1" })],
      [
        "delete: unknown field",
        () => commands.deleteCampaign(user.claims, { id: campaignId, cascade: true }),
      ],
    ];
    for (const [label, run] of cases) {
      const before = await countRows(db());
      const error = await run().then(
        () => null,
        (e) => e,
      );
      expect(error, label).toBeInstanceOf(AppError);
      expect(error.status, label).toBe(400);
      expect(error.fields, label).toBeTypeOf("object");
      expect(await countRows(db()), label).toEqual(before);
    }
  });
});
