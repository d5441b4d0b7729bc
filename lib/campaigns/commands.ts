// Campaign operations for a signed-in user acting in a workspace. Used by the dashboard's
// server actions and by the REST API alike; every one runs in withUser, so RLS decides
// membership and role (viewers read; members create and edit; admins and owners delete).
// Each query also names the workspace: a user in several sees only the one they act in, and
// campaigns' hash partitioning (by workspace) prunes to one partition.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { command } from "@/lib/command";
import { isUniqueViolation } from "@/lib/db/errors";
import * as q from "@/lib/db/queries/campaigns";
import { withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { track } from "@/lib/observability/track";
import {
  campaignIdSchema,
  campaignInputSchema,
  STATUS_TRANSITIONS,
  setCampaignStatusSchema,
  updateCampaignSchema,
} from "@/lib/validations/campaign";
import { warmGreetingLater } from "@/lib/voice/greeting";
import type { Actor } from "@/lib/workspaces/actor";

const SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // no look-alikes (l/1, o/0)

/** "Spring Promo!" → "spring-promo-k7x2qd": readable, and unguessable enough to share. */
export function makeSlug(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  const suffix = Array.from(randomBytes(6), (b) => SLUG_ALPHABET[b % SLUG_ALPHABET.length]).join(
    "",
  );
  return base ? `${base}-${suffix}` : `campaign-${suffix}`;
}

/** Synthesises the greeting of this campaign version ahead of its first call (after the response). */
const warmGreeting = (c: q.Campaign) =>
  warmGreetingLater({
    campaignId: c.id,
    workspaceId: c.workspaceId,
    text: c.flowConfig.firstMessage,
    voice: c.voiceSettings,
  });

const warmIfActive = (c: q.Campaign) => {
  if (c.status === "active") warmGreeting(c);
  return c;
};

/** Postgres refused the write for the actor's role (RLS: SQLSTATE 42501). */
const isRlsRefusal = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "42501";

const roleRefused = (what: string) =>
  new AppError("forbidden", `Your role in this workspace cannot ${what}`, 403);

/**
 * After a write matched no row: 404 when the campaign is not visible at all, 403 when it is
 * (RLS let the actor read it but not change it: a viewer, or a member deleting).
 */
async function missingOrRefused(actor: Actor, id: string, what: string): Promise<never> {
  const visible = await withUser(actor.claims, (trx) => q.getCampaign(trx, actor.workspaceId, id));
  throw visible ? roleRefused(what) : notFound("Campaign");
}

export const listCampaigns = command(z.strictObject({}), (actor) =>
  withUser(actor.claims, (trx) => q.listCampaigns(trx, actor.workspaceId)),
);

export const getCampaign = command(campaignIdSchema, async (actor, { id }) => {
  const campaign = await withUser(actor.claims, (trx) => q.getCampaign(trx, actor.workspaceId, id));
  if (!campaign) throw notFound("Campaign");
  return campaign;
});

export const createCampaign = command(campaignInputSchema, async (actor, input) => {
  const { claims, workspaceId } = actor;
  // A slug collision is astronomically rare, but the registry's primary key would reject it:
  // try a fresh suffix rather than fail the user's save.
  for (let attempt = 0; ; attempt++) {
    try {
      const campaign = await withUser(claims, (trx) =>
        q.insertCampaign(trx, {
          ...input,
          workspaceId,
          createdBy: claims.sub,
          publicSlug: makeSlug(input.name),
        }),
      );
      track("campaign_created", claims.sub, {
        workspaceId,
        campaignId: campaign.id,
        questions: campaign.flowConfig.questions.length,
        voice: campaign.voiceSettings.voice,
      });
      warmGreeting(campaign);
      return campaign;
    } catch (error) {
      if (isRlsRefusal(error)) throw roleRefused("create campaigns");
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
});

export const updateCampaign = command(updateCampaignSchema, async (actor, { id, ...input }) => {
  const campaign = await withUser(actor.claims, (trx) =>
    q.updateCampaign(trx, actor.workspaceId, id, input),
  );
  if (!campaign) return missingOrRefused(actor, id, "edit campaigns");
  warmGreeting(campaign);
  return campaign;
});

export const setCampaignStatus = command(setCampaignStatusSchema, async (actor, { id, status }) => {
  const updated = await withUser(actor.claims, async (trx) => {
    const current = await q.getCampaign(trx, actor.workspaceId, id);
    if (!current) throw notFound("Campaign");
    if (current.status === status) return current;
    if (!STATUS_TRANSITIONS[current.status].includes(status)) {
      throw new AppError(
        "conflict",
        `Cannot change a campaign from ${current.status} to ${status}`,
        409,
      );
    }
    return q.updateCampaign(trx, actor.workspaceId, id, { status });
  });
  if (!updated) throw roleRefused("change a campaign's status");
  return warmIfActive(updated);
});

/** Deletes a campaign with its slug, conversations, turns and leads (foreign keys cascade). */
export const deleteCampaign = command(campaignIdSchema, async (actor, { id }) => {
  const deleted = await withUser(actor.claims, (trx) =>
    q.deleteCampaign(trx, actor.workspaceId, id),
  );
  if (!deleted) return missingOrRefused(actor, id, "delete campaigns");
  return { id };
});
