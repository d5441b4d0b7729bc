// The events a campaign's notifications carry. One event per (conversation, kind): its id is
// derived from both, so however often an analysis is re-run or replayed it names the same
// event, and the outbox's unique key stores it once. Receivers dedupe on the same id.
import { createHash } from "node:crypto";
import { z } from "zod";

export const EVENT_KINDS = ["lead.qualified"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export function eventIdFor(kind: EventKind, conversationId: string): string {
  return `evt_${createHash("sha256").update(`${kind}:${conversationId}`).digest("hex").slice(0, 32)}`;
}

export const leadQualifiedSchema = z.object({
  id: z.string(),
  type: z.literal("lead.qualified"),
  /** When the event happened (ISO 8601). */
  createdAt: z.string(),
  workspaceId: z.string(),
  campaign: z.object({ id: z.string(), name: z.string(), qualifyThreshold: z.number() }),
  conversation: z.object({ id: z.string(), startedAt: z.string(), url: z.string() }),
  lead: z.object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    company: z.string().nullable(),
    score: z.number(),
    urgency: z.string().nullable(),
    status: z.string(),
  }),
});
export type LeadQualifiedEvent = z.infer<typeof leadQualifiedSchema>;

/** The link to the conversation in the dashboard, on the configured origin. */
export const conversationUrl = (appOrigin: string, conversationId: string) =>
  new URL(`/conversations/${conversationId}`, appOrigin).toString();
