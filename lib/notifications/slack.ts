// A qualified lead as a Slack incoming-webhook message (Block Kit, with a plain-text fallback).
import type { Attempt } from "@/lib/db/queries/notifications";
import type { LeadQualifiedEvent } from "./events";
import { postJson } from "./post";

/** Slack's mrkdwn treats &, < and > as markup. */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackMessage(e: LeadQualifiedEvent) {
  const { lead, campaign, conversation } = e;
  const who = lead.name ?? lead.email ?? lead.phone ?? "A caller";
  const text = `Qualified lead: ${who} scored ${lead.score} on ${campaign.name}`;
  const fields = [
    ["Name", lead.name],
    ["Email", lead.email],
    ["Phone", lead.phone],
    ["Company", lead.company],
    ["Score", `${lead.score} (threshold ${campaign.qualifyThreshold})`],
    ["Urgency", lead.urgency],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${esc(String(v))}` }));
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${esc(text)}*` } },
      { type: "section", fields },
      {
        type: "section",
        text: { type: "mrkdwn", text: `<${conversation.url}|Open the conversation>` },
      },
    ],
  };
}

export function sendSlack(url: string, e: LeadQualifiedEvent): Promise<Attempt> {
  return postJson("slack", url, JSON.stringify(slackMessage(e)), {}, { destination: "Slack" });
}
