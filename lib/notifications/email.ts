// A qualified lead by email to the workspace's owners, through the configured SMTP server.
import { createTransport } from "nodemailer";
import type { Attempt } from "@/lib/db/queries/notifications";
import type { SmtpConfig } from "./config";
import type { LeadQualifiedEvent } from "./events";
import { DELIVERY_TIMEOUT_MS } from "./post";

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function leadEmail(e: LeadQualifiedEvent) {
  const { lead, campaign, conversation } = e;
  const who = lead.name ?? lead.email ?? lead.phone ?? "A caller";
  const rows: [string, string][] = [
    ["Name", lead.name ?? "—"],
    ["Email", lead.email ?? "—"],
    ["Phone", lead.phone ?? "—"],
    ["Company", lead.company ?? "—"],
    ["Score", `${lead.score} (threshold ${campaign.qualifyThreshold})`],
    ["Urgency", lead.urgency ?? "—"],
  ];
  return {
    subject: `Qualified lead: ${who} (${lead.score}) on ${campaign.name}`,
    text: [
      `${who} qualified on ${campaign.name} with a score of ${lead.score}.`,
      "",
      ...rows.map(([k, v]) => `${k}: ${v}`),
      "",
      `Conversation: ${conversation.url}`,
    ].join("\n"),
    html: [
      `<p>${html(who)} qualified on <b>${html(campaign.name)}</b> with a score of <b>${lead.score}</b>.</p>`,
      "<table>",
      ...rows.map(([k, v]) => `<tr><th align="left">${k}</th><td>${html(v)}</td></tr>`),
      "</table>",
      `<p><a href="${html(conversation.url)}">Open the conversation</a></p>`,
    ].join("\n"),
  };
}

export async function sendOwnerEmail(
  smtp: SmtpConfig,
  to: string[],
  e: LeadQualifiedEvent,
): Promise<Attempt> {
  const started = performance.now();
  const destination = to.join(", ");
  const transport = createTransport({
    ...(smtp.url
      ? { url: smtp.url }
      : { host: smtp.host, port: smtp.port ?? 587, auth: smtp.auth }),
    connectionTimeout: DELIVERY_TIMEOUT_MS,
    greetingTimeout: DELIVERY_TIMEOUT_MS,
    socketTimeout: DELIVERY_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({ from: smtp.from, to, ...leadEmail(e) });
    return {
      target: "email",
      destination,
      ok: true,
      statusCode: 250,
      error: null,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode ?? null;
    const message = error instanceof Error ? error.message : String(error);
    return {
      target: "email",
      destination,
      ok: false,
      statusCode: code,
      error: message,
      durationMs: performance.now() - started,
    };
  } finally {
    transport.close();
  }
}
