// The conversations list's query string (the filter form is a plain GET form): each value is
// parsed with zod, and one that does not parse is dropped with a note rather than failing
// the page, so an old or hand-edited link still shows calls.
import { z } from "zod";
import { parseTimeCursor } from "@/lib/db/cursor";
import {
  CONVERSATION_CHANNELS,
  CONVERSATION_STATUSES,
  DEFAULT_RANGE_DAYS,
  type ListConversationsInput,
} from "@/lib/db/queries/conversation-list";
import { toDay } from "./format";

const DAY_MS = 86_400_000;
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));

const fields = {
  campaign: z.guid(),
  status: z.enum(CONVERSATION_STATUSES),
  channel: z.enum(CONVERSATION_CHANNELS),
  from: day,
  to: day,
  after: z.string().refine((s) => parseTimeCursor(s) !== null),
  before: z.string().refine((s) => parseTimeCursor(s) !== null),
};
type Field = keyof typeof fields;

export interface ListParams {
  campaign?: string;
  status?: (typeof CONVERSATION_STATUSES)[number];
  channel?: (typeof CONVERSATION_CHANNELS)[number];
  /** YYYY-MM-DD, inclusive (UTC). */
  from: string;
  /** YYYY-MM-DD, inclusive (UTC). */
  to: string;
  after?: string;
  before?: string;
  /** What was dropped, to tell the owner. */
  notices: string[];
}

const LABELS: Record<Field, string> = {
  campaign: "campaign",
  status: "status",
  channel: "channel",
  from: "start date",
  to: "end date",
  after: "page link",
  before: "page link",
};

export function parseListParams(
  search: Record<string, string | string[] | undefined>,
  now = new Date(),
): ListParams {
  const out: Partial<Record<Field, string>> = {};
  const dropped = new Set<string>();
  for (const key of Object.keys(fields) as Field[]) {
    const raw = search[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === "") continue;
    const parsed = fields[key].safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else dropped.add(LABELS[key]);
  }
  let to = out.to ?? toDay(now);
  let from =
    out.from ?? toDay(new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS));
  if (from > to) {
    [from, to] = [to, from];
  }
  const notices = [...dropped].map((what) =>
    what === "page link"
      ? "That page link is no longer valid, so the newest calls are shown."
      : `The ${what} in the link was not valid and is ignored.`,
  );
  return {
    campaign: out.campaign,
    status: out.status as ListParams["status"],
    channel: out.channel as ListParams["channel"],
    from,
    to,
    after: out.after,
    before: out.after ? undefined : out.before,
    notices,
  };
}

/** The query input for `params`: [from 00:00, the day after `to` 00:00) in UTC. */
export function toListInput(
  params: ListParams,
  workspaceId: string,
  limit: number,
): ListConversationsInput {
  return {
    workspaceId,
    campaignId: params.campaign,
    status: params.status,
    channel: params.channel,
    from: new Date(`${params.from}T00:00:00Z`),
    to: new Date(Date.parse(`${params.to}T00:00:00Z`) + DAY_MS),
    cursor: params.after ?? params.before ?? null,
    direction: params.before && !params.after ? "newer" : "older",
    limit,
  };
}

/** The list's URL for `params` with `change` applied (filters kept, cursors replaced). */
export function listHref(params: ListParams, change: { after?: string; before?: string }) {
  const q = new URLSearchParams();
  if (params.campaign) q.set("campaign", params.campaign);
  if (params.status) q.set("status", params.status);
  if (params.channel) q.set("channel", params.channel);
  q.set("from", params.from);
  q.set("to", params.to);
  if (change.after) q.set("after", change.after);
  if (change.before) q.set("before", change.before);
  return `/conversations?${q}`;
}
