// The leads list, its CSV export and the lead edits, on both databases: filters, search and
// sorts with keyset pages that neither skip nor repeat a row; the export streams every
// matching lead of the current workspace (and never another's) as spreadsheet-safe CSV; the
// status workflow, notes and assignment go through the real server-action path, a viewer is
// refused by the app and by Postgres.
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/leads/export/route";
import { runActionFor } from "@/lib/actions/run-action";
import { SESSION_COOKIE } from "@/lib/auth/local";
import { type ListLeadsOptions, listLeads } from "@/lib/db/queries/leads";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { assignLead, changeLeadStatus, getLead, saveLeadNotes } from "@/lib/leads/commands";
import { SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";
import type { LeadStatus, UrgencyLevel } from "@/lib/validations/lead";
import { WORKSPACE_COOKIE } from "@/lib/workspaces/current";
import { describeEachDatabase } from "../helpers/db";
import {
  campaignInput,
  createCampaignFor,
  createConversation,
  createUser,
  type TestUser,
} from "../helpers/factories";
import { call, randomTestIp } from "../helpers/http";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";

const SAME_ORIGIN = { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" };
const unique = (n: string) => `${n}-${randomUUID().slice(0, 8)}@example.com`;

interface LeadSeed {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  score?: number | null;
  urgency?: UrgencyLevel | null;
  status?: LeadStatus;
  notes?: string | null;
  createdAt?: Date;
}

/** Parses the export's CSV (RFC 4180) into rows of fields, after checking its BOM. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const s = text.slice(1);
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted && c === '"' && s[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && s[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  expect(field).toBe("");
  expect(row).toEqual([]);
  return rows;
}

describeEachDatabase("leads", ({ db }) => {
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let ws: string;
  let campaignA: { id: string; name: string };
  let campaignB: { id: string; name: string };
  let outsiderLeadId: string;

  /** A lead in `workspace` on `campaignId`, its call started an hour before it was created. */
  async function seedLead(workspace: string, campaignId: string, seed: LeadSeed) {
    const createdAt = seed.createdAt ?? new Date();
    const conversation = await createConversation(
      db(),
      { id: workspace },
      campaignId,
      new Date(createdAt.getTime() - 3_600_000),
    );
    return withServiceRole(
      "tests create leads",
      (trx) =>
        trx
          .insertInto("leads")
          .values({
            workspace_id: workspace,
            campaign_id: campaignId,
            conversation_id: conversation.id,
            conversation_started_at: conversation.started_at,
            name: seed.name ?? null,
            email: seed.email ?? null,
            phone: seed.phone ?? null,
            company: seed.company ?? null,
            qualification_score: seed.score ?? null,
            urgency_level: seed.urgency ?? null,
            status: seed.status ?? "new",
            notes: seed.notes ?? null,
            created_at: createdAt,
          })
          .returning(["id", "conversation_id"])
          .executeTakeFirstOrThrow(),
      db(),
    );
  }

  const jar = (user: TestUser, workspace = ws) => ({
    getAll: () => [
      { name: SESSION_COOKIE, value: user.cookie.slice(SESSION_COOKIE.length + 1) },
      { name: WORKSPACE_COOKIE, value: workspace },
    ],
    setAll: () => {},
  });
  const cookieOf = (user: TestUser, workspace = ws) =>
    `${user.cookie}; ${WORKSPACE_COOKIE}=${workspace}`;
  const act = <T>(user: TestUser, cmd: (a: any, raw: unknown) => Promise<T>, input: unknown) =>
    runActionFor({ headers: new Headers(SAME_ORIGIN), jar: jar(user) }, cmd, input);
  const list = (user: TestUser, o: Partial<ListLeadsOptions> = {}) =>
    withUser(user.claims, (trx) =>
      listLeads(trx, { workspaceId: ws, sort: "date", limit: 50, ...o }),
    );

  const t0 = Date.parse("2026-11-20T10:00:00.000Z");
  const at = (minutes: number) => new Date(t0 + minutes * 60_000);

  beforeAll(async () => {
    const make = (n: string) => createUser(db(), unique(n));
    [owner, member, viewer, outsider] = await Promise.all([
      make("owner"),
      make("member"),
      make("viewer"),
      make("outsider"),
    ]);
    ws = await createTeamWorkspace(db(), owner, "Sales team");
    await addMember(db(), ws, member, "member");
    await addMember(db(), ws, viewer, "viewer");
    campaignA = await createCampaignFor(owner, { name: "Kitchens" }, ws);
    campaignB = await createCampaignFor(
      owner,
      { name: "Bathrooms", flowConfig: { ...campaignInput().flowConfig, qualifyThreshold: 80 } },
      ws,
    );
    const A = campaignA.id;
    const B = campaignB.id;
    await seedLead(ws, A, {
      name: "Ann Lee",
      email: "ann@example.com",
      score: 92,
      urgency: "high",
      status: "qualified",
      createdAt: at(1),
    });
    await seedLead(ws, A, {
      name: "Bob Stone",
      email: "bob@stone.io",
      phone: "+1 415 555 0101",
      score: 40,
      urgency: "low",
      createdAt: at(2),
    });
    await seedLead(ws, B, {
      name: "Cara 50% Off",
      company: "Tiles_R_Us",
      score: 75,
      urgency: "medium",
      createdAt: at(3),
    });
    await seedLead(ws, B, { name: "Dan", email: "dan@example.com", score: null, createdAt: at(4) });
    await seedLead(ws, A, {
      name: '=HYPERLINK("http://evil.example","click")',
      company: 'Quotes "R" Us, Inc.',
      notes: "line one\nline two",
      score: 75,
      urgency: "high",
      status: "won",
      createdAt: at(5),
    });
    // Same created_at for two rows: the id breaks the tie in the keyset.
    await seedLead(ws, B, { name: "Eve Twin", score: 60, createdAt: at(6) });
    await seedLead(ws, B, { name: "Fay Twin", score: 60, createdAt: at(6) });
    // Another owner's lead with a matching name: never listed or exported here.
    const other = await createCampaignFor(outsider, { name: "Elsewhere" });
    outsiderLeadId = (
      await seedLead(outsider.id, other.id, { name: "Ann Outsider", score: 99, createdAt: at(7) })
    ).id;
  });

  describe("listLeads", () => {
    it("lists the workspace's leads newest first with typed values", async () => {
      const { items, nextCursor } = await list(viewer);
      // Eve and Fay share a created_at: their order is the id's.
      expect(
        items
          .slice(0, 2)
          .map((l) => l.name)
          .sort(),
      ).toEqual(["Eve Twin", "Fay Twin"]);
      expect(items.slice(2).map((l) => l.name)).toEqual([
        '=HYPERLINK("http://evil.example","click")',
        "Dan",
        "Cara 50% Off",
        "Bob Stone",
        "Ann Lee",
      ]);
      expect(nextCursor).toBeNull();
      const ann = items.find((l) => l.name === "Ann Lee")!;
      expect(ann).toMatchObject({
        score: 92,
        urgency: "high",
        status: "qualified",
        campaignName: "Kitchens",
        qualifyThreshold: 60,
      });
      expect(ann.createdAt).toBeInstanceOf(Date);
      expect(items.find((l) => l.name === "Dan")!.score).toBeNull();
      expect(items.find((l) => l.name?.startsWith("Cara"))!.qualifyThreshold).toBe(80);
    });

    it("filters by campaign, status and urgency, and searches name, email, phone and company", async () => {
      const names = async (o: Partial<ListLeadsOptions>) =>
        (await list(owner, o)).items.map((l) => l.name).sort();
      expect(await names({ campaignId: campaignA.id })).toHaveLength(3);
      expect(await names({ status: "qualified" })).toEqual(["Ann Lee"]);
      expect(await names({ urgency: "high", campaignId: campaignA.id })).toHaveLength(2);
      expect(await names({ q: "ANN" })).toEqual(["Ann Lee"]);
      expect(await names({ q: "stone.io" })).toEqual(["Bob Stone"]);
      expect(await names({ q: "555 0101" })).toEqual(["Bob Stone"]);
      expect(await names({ q: "tiles_r" })).toEqual(["Cara 50% Off"]);
      // Wildcards are literal: "%" and "_" match only themselves.
      expect(await names({ q: "50%" })).toEqual(["Cara 50% Off"]);
      expect(await names({ q: "%" })).toEqual(["Cara 50% Off"]);
      expect(await names({ q: "_" })).toEqual(["Cara 50% Off"]);
      expect(await names({ q: "nobody" })).toEqual([]);
    });

    it("pages by keyset in both sorts without skipping or repeating a row", async () => {
      for (const sort of ["date", "score"] as const) {
        const all = (await list(owner, { sort, limit: 100 })).items.map((l) => l.id);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await list(owner, { sort, limit: 2, cursor });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((l) => l.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen).toEqual(all);
        expect(new Set(seen).size).toBe(7);
      }
      const byScore = (await list(owner, { sort: "score" })).items.map((l) => l.score);
      expect(byScore).toEqual([92, 75, 75, 60, 60, 40, null]);
    });

    it("starts over on a cursor it cannot read", async () => {
      const first = await list(owner, { limit: 3 });
      expect((await list(owner, { limit: 3, cursor: "garbage" })).items).toEqual(first.items);
      // A date cursor handed to the score sort is not one of its cursors either.
      expect(
        (await list(owner, { limit: 3, sort: "score", cursor: first.nextCursor! })).items,
      ).toHaveLength(3);
    });

    it("shows nothing of a workspace the user is not in", async () => {
      const page = await withUser(outsider.claims, (trx) =>
        listLeads(trx, { workspaceId: ws, sort: "date", limit: 50 }),
      );
      expect(page.items).toEqual([]);
    });
  });

  describe("GET /api/leads/export", () => {
    /** The route's answer with its body decoded keeping the BOM (Response.text() drops it). */
    async function exportAs(user: TestUser, query = "", workspace = ws) {
      const req = new NextRequest(`http://localhost:3000/api/leads/export${query}`, {
        headers: { cookie: cookieOf(user, workspace), [SOCKET_ADDRESS_HEADER]: randomTestIp() },
      });
      const res = await exportRoute.GET(req, { params: Promise.resolve({}) });
      const bytes = await res.arrayBuffer();
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      return {
        status: res.status,
        headers: res.headers,
        body: res.headers.get("content-type")?.startsWith("text/csv") ? text : JSON.parse(text),
      };
    }

    it("streams the workspace's leads as spreadsheet-safe CSV with a BOM", async () => {
      const res = await exportAs(viewer);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(
        /^attachment; filename="leads-\d{4}-\d\d-\d\d\.csv"$/,
      );
      const rows = parseCsv(res.body as string);
      expect(rows[0]).toEqual([
        "Name",
        "Email",
        "Phone",
        "Company",
        "Campaign",
        "Score",
        "Qualified",
        "Urgency",
        "Status",
        "Assigned to",
        "Notes",
        "Created at",
        "Conversation",
      ]);
      expect(rows).toHaveLength(8);
      const evil = rows.find((r) => r[0]!.includes("HYPERLINK"))!;
      expect(evil[0]).toBe(`'=HYPERLINK("http://evil.example","click")`);
      expect(evil[3]).toBe('Quotes "R" Us, Inc.');
      expect(evil[8]).toBe("Won");
      expect(evil[10]).toBe("line one\nline two");
      const bob = rows.find((r) => r[0] === "Bob Stone")!;
      expect(bob[2]).toBe("'+1 415 555 0101");
      expect(bob.slice(5, 8)).toEqual(["40", "no", "low"]);
      expect(bob[11]).toBe(at(2).toISOString());
      expect(bob[12]).toMatch(/^http:\/\/localhost:3000\/conversations\/[0-9a-f-]{36}$/);
      expect(rows.find((r) => r[0] === "Ann Lee")!.slice(5, 7)).toEqual(["92", "yes"]);
      expect(rows.find((r) => r[0] === "Dan")!.slice(5, 7)).toEqual(["", ""]);
      expect((res.body as string).includes("Outsider")).toBe(false);
    });

    it("exports only the current filter, in its order", async () => {
      const res = await exportAs(owner, `?campaign=${campaignB.id}&sort=score&q=twin`);
      const rows = parseCsv(res.body as string);
      expect(
        rows
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(["Eve Twin", "Fay Twin"]);
      const high = parseCsv((await exportAs(owner, "?urgency=high&sort=score")).body as string);
      expect(high.slice(1).map((r) => r[5])).toEqual(["92", "75"]);
    });

    it("streams past one batch with no row cap", async () => {
      const many = await createUser(db(), unique("many"));
      const campaign = await createCampaignFor(many, { name: "Volume" });
      const conversation = await createConversation(db(), { id: many.id }, campaign.id, at(0));
      // 1,001 leads (three export batches) on one call's partition key (the one-lead-per-call key needs distinct
      // conversations, so these are inserted with distinct conversation rows).
      await withServiceRole(
        "tests create many leads",
        async (trx) => {
          const conversations = await trx
            .insertInto("conversations")
            .values(
              Array.from({ length: 1001 }, () => ({
                workspace_id: many.id,
                campaign_id: campaign.id,
                started_at: conversation.started_at,
              })),
            )
            .returning("id")
            .execute();
          await trx
            .insertInto("leads")
            .values(
              conversations.map((c, i) => ({
                workspace_id: many.id,
                campaign_id: campaign.id,
                conversation_id: c.id,
                conversation_started_at: conversation.started_at,
                name: `Lead ${i}`,
                created_at: at(i % 7),
              })),
            )
            .execute();
        },
        db(),
      );
      const res = await exportAs(many, "", many.id);
      const rows = parseCsv(res.body as string);
      expect(rows).toHaveLength(1002);
      expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(1001);
    });

    it("needs a session, and never exports a workspace the user is not in", async () => {
      const anon = await call(exportRoute.GET, "/api/leads/export");
      expect(anon.status).toBe(401);
      expect(anon.body).toMatchObject({ error: { code: "unauthorized" } });
      // The outsider names the team's workspace in the cookie: they get their own leads.
      const res = await exportAs(outsider, "", ws);
      const rows = parseCsv(res.body as string);
      expect(rows.slice(1).map((r) => r[0])).toEqual(["Ann Outsider"]);
    });

    it("refuses a malformed filter with a 400", async () => {
      const res = await exportAs(owner, "?status=converted");
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "invalid_input" } });
    });
  });

  describe("lead actions", () => {
    it("moves a lead through the workflow and refuses a jump it does not allow", async () => {
      const { id } = await seedLead(ws, campaignA.id, { name: "Gil", createdAt: at(-10) });
      expect(await act(member, changeLeadStatus, { id, status: "contacted" })).toMatchObject({
        ok: true,
        data: { id, status: "contacted" },
      });
      const refused = await act(member, changeLeadStatus, { id, status: "won" });
      expect(refused).toMatchObject({
        ok: false,
        status: 409,
        error: { code: "conflict", fields: { status: "A contacted lead cannot become won" } },
      });
      await act(member, changeLeadStatus, { id, status: "qualified" });
      await act(owner, changeLeadStatus, { id, status: "won" });
      expect((await getLead({ claims: viewer.claims, workspaceId: ws }, { id })).status).toBe(
        "won",
      );
      expect(await act(member, changeLeadStatus, { id, status: "unqualified" })).toMatchObject({
        ok: false,
        status: 400,
      });
    });

    it("saves notes and assigns a teammate by email; a non-member's email is a field error", async () => {
      const { id } = await seedLead(ws, campaignA.id, { name: "Hal", createdAt: at(-11) });
      expect(
        await act(member, saveLeadNotes, { id, notes: "  Call back Tuesday\r\n" }),
      ).toMatchObject({
        ok: true,
        data: { notes: "Call back Tuesday" },
      });
      expect(
        await act(member, assignLead, { id, assignedTo: viewer.email.toUpperCase() }),
      ).toMatchObject({
        ok: true,
        data: { assignedTo: viewer.email },
      });
      const refused = await act(member, assignLead, { id, assignedTo: outsider.email });
      expect(refused).toMatchObject({
        ok: false,
        status: 400,
        error: { code: "invalid_input", fields: { assignedTo: "Not a member of this workspace" } },
      });
      expect(await act(member, saveLeadNotes, { id, notes: "x".repeat(5001) })).toMatchObject({
        ok: false,
        status: 400,
        error: { fields: { notes: expect.any(String) } },
      });
      const lead = await getLead({ claims: owner.claims, workspaceId: ws }, { id });
      expect(lead).toMatchObject({ notes: "Call back Tuesday", assignedTo: viewer.email });
      expect(await act(member, assignLead, { id, assignedTo: "" })).toMatchObject({ ok: true });
      expect(
        (await getLead({ claims: owner.claims, workspaceId: ws }, { id })).assignedTo,
      ).toBeNull();
    });

    it("refuses a viewer in the app, and Postgres refuses the viewer's write too", async () => {
      const { id } = await seedLead(ws, campaignA.id, { name: "Ida", createdAt: at(-12) });
      for (const [cmd, input] of [
        [changeLeadStatus, { id, status: "contacted" }],
        [saveLeadNotes, { id, notes: "mine" }],
        [assignLead, { id, assignedTo: viewer.email }],
      ] as const) {
        expect(await act(viewer, cmd as any, input)).toMatchObject({
          ok: false,
          status: 403,
          error: { code: "forbidden" },
        });
      }
      // Past the app's check, straight at the table as the viewer: the policy matches no row.
      const updated = await withUser(viewer.claims, (trx) =>
        trx
          .updateTable("leads")
          .set({ status: "won", notes: "forged" })
          .where("id", "=", id)
          .returning("id")
          .execute(),
      );
      expect(updated).toEqual([]);
      const lead = await getLead({ claims: owner.claims, workspaceId: ws }, { id });
      expect(lead).toMatchObject({ status: "new", notes: null });
    });

    it("treats another workspace's lead as not found", async () => {
      expect(
        await act(owner, changeLeadStatus, { id: outsiderLeadId, status: "contacted" }),
      ).toMatchObject({
        ok: false,
        status: 404,
      });
    });

    it("refuses a cross-site post", async () => {
      const { id } = await seedLead(ws, campaignA.id, { name: "Jo", createdAt: at(-13) });
      const forged = await runActionFor(
        {
          headers: new Headers({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
          jar: jar(owner),
        },
        changeLeadStatus,
        { id, status: "contacted" },
      );
      expect(forged).toMatchObject({ ok: false, status: 403 });
    });
  });
});
