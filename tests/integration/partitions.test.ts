// Partition routing, the default partitions, future partitions, and foreign keys.
import { sql } from "kysely";
import { expect, it } from "vitest";
import { createPartitions } from "@/lib/db/migrator";
import { withServiceRole } from "@/lib/db/scoped";
import { describeEachDatabase } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
} from "../helpers/factories";

const monthSuffix = (d: Date) =>
  `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, "0")}`;

describeEachDatabase("partitions", ({ db }) => {
  const partitionOf = async (table: string, id: string) => {
    const { rows } = await sql<{ part: string }>`
      select tableoid::regclass::text as part from ${sql.table(table)} where id = ${id}`.execute(
      db(),
    );
    return rows[0]?.part;
  };

  it("routes campaigns to a hash partition of their owner", async () => {
    const user = await createUser(db());
    const campaign = await createCampaignFor(user);
    expect(await partitionOf("campaigns", campaign.id)).toMatch(/^campaigns_p[0-3]$/);
  });

  it("routes a call, its turns and its lead to the same month partition", async () => {
    const user = await createUser(db());
    const campaign = await createCampaignFor(user);
    const now = new Date();
    const conversation = await createConversation(db(), user, campaign.id, now);
    const turn = await createTurn(db(), conversation);
    const lead = await createLead(db(), conversation);
    expect(await partitionOf("conversations", conversation.id)).toBe(
      `conversations_${monthSuffix(now)}`,
    );
    expect(await partitionOf("turns", turn.id)).toBe(`turns_${monthSuffix(now)}`);
    expect(await partitionOf("leads", lead.id)).toBe(`leads_${monthSuffix(now)}`);
  });

  it("puts out-of-range dates in the default partition without failing", async () => {
    const user = await createUser(db());
    const campaign = await createCampaignFor(user);
    const old = await createConversation(db(), user, campaign.id, new Date("1999-06-15T12:00:00Z"));
    const far = await createConversation(db(), user, campaign.id, new Date("2099-01-15T12:00:00Z"));
    expect(await partitionOf("conversations", old.id)).toBe("conversations_default");
    expect(await partitionOf("conversations", far.id)).toBe("conversations_default");
    const turn = await createTurn(db(), far);
    expect(await partitionOf("turns", turn.id)).toBe("turns_default");
  });

  it("creates future monthly partitions idempotently", async () => {
    const created = await createPartitions(db(), 6);
    const ahead = new Date();
    ahead.setUTCDate(1);
    ahead.setUTCMonth(ahead.getUTCMonth() + 6);
    expect(created).toContain(`conversations_${monthSuffix(ahead)}`);
    expect(created).toContain(`turns_${monthSuffix(ahead)}`);
    expect(created).toContain(`leads_${monthSuffix(ahead)}`);
    expect(await createPartitions(db(), 6)).toEqual([]);
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_inherits where inhparent = 'public.conversations'::regclass`.execute(
      db(),
    );
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(8); // back 1 + this + 6 ahead + default
  });

  it("skips a month whose rows already sit in the default partition", async () => {
    const user = await createUser(db());
    const campaign = await createCampaignFor(user);
    // Far enough ahead to be beyond any partition created so far.
    const when = new Date();
    when.setUTCDate(15);
    when.setUTCMonth(when.getUTCMonth() + 9);
    await createConversation(db(), user, campaign.id, when);
    const created = await createPartitions(db(), 10);
    expect(created).not.toContain(`conversations_${monthSuffix(when)}`);
  });

  it("rejects orphans on every foreign key", async () => {
    const user = await createUser(db());
    const other = await createUser(db());
    const campaign = await createCampaignFor(user);
    const conversation = await createConversation(db(), user, campaign.id);
    const missing = "00000000-0000-4000-8000-000000000000";
    // A campaign whose registry row is gone, so only the foreign key can reject a wrong slug.
    const unlisted = await createCampaignFor(user);
    await sql`delete from campaign_slugs where campaign_id = ${unlisted.id}`.execute(db());
    const attempts: [string, () => Promise<unknown>][] = [
      [
        "campaign without a user",
        () =>
          sql`insert into campaigns (workspace_id, name, public_slug) values (${missing}, 'x', 'orphan-campaign')`.execute(
            db(),
          ),
      ],
      [
        "slug without a campaign",
        () =>
          sql`insert into campaign_slugs (slug, workspace_id, campaign_id) values ('orphan-slug', ${user.id}, ${missing})`.execute(
            db(),
          ),
      ],
      [
        "slug naming another slug",
        () =>
          sql`insert into campaign_slugs (slug, workspace_id, campaign_id) values ('not-its-slug', ${user.id}, ${unlisted.id})`.execute(
            db(),
          ),
      ],
      ["conversation without a campaign", () => createConversation(db(), user, missing)],
      [
        "conversation under another owner's campaign",
        () => createConversation(db(), other, campaign.id),
      ],
      ["turn without a conversation", () => createTurn(db(), { ...conversation, id: missing })],
      [
        "turn with the wrong month",
        () => createTurn(db(), { ...conversation, started_at: new Date("2001-01-01") }),
      ],
      [
        "turn under another owner",
        () => createTurn(db(), { ...conversation, workspace_id: other.id }),
      ],
      ["lead without a conversation", () => createLead(db(), { ...conversation, id: missing })],
      [
        "lead without a campaign",
        () => createLead(db(), { ...conversation, campaign_id: missing }),
      ],
    ];
    for (const [what, attempt] of attempts) {
      await expect(attempt(), what).rejects.toMatchObject({ code: "23503" });
    }
  });

  it("cascades a campaign's deletion to its calls, turns and lead", async () => {
    const user = await createUser(db());
    const campaign = await createCampaignFor(user);
    const conversation = await createConversation(db(), user, campaign.id);
    await createTurn(db(), conversation);
    await createLead(db(), conversation);
    await withServiceRole(
      "test",
      (trx) => trx.deleteFrom("campaigns").where("id", "=", campaign.id).execute(),
      db(),
    );
    for (const table of ["conversations", "turns", "leads"] as const) {
      const column = table === "conversations" ? "id" : "conversation_id";
      const { rows } = await sql<{
        n: string;
      }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${conversation.id}`.execute(
        db(),
      );
      expect(Number(rows[0]!.n), table).toBe(0);
    }
  });
});
