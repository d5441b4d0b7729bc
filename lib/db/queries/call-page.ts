// What the public caller's page (/call/<slug>) may know about a campaign: its name, status,
// consent notice and call settings. Nothing else (persona, questions, workspace) is selected, so
// nothing else can reach the page or its HTML.
import "server-only";
import { sql } from "kysely";
import { withServiceRole } from "@/lib/db/scoped";
import {
  type CallSettings,
  type CampaignStatus,
  callSettings,
  consentNoticeOf,
} from "@/lib/validations/campaign";
import { withRecordingNotice } from "@/lib/validations/recordings";

export interface CallPageCampaign {
  name: string;
  status: CampaignStatus;
  consentNotice: string;
  /** The notice says the call is recorded (the page tells the call start so). */
  recorded: boolean;
  settings: CallSettings;
  /** BCP 47 tag of the agent's language, for the browser's speech recognition. */
  language: string;
  /** Only for the server to decide whether the visitor may preview; never sent to the page. */
  workspaceId: string;
}

const WHY = "public call page: an anonymous visitor opens a campaign's link (name, status, notice)";

export async function getCallPageCampaign(slug: string): Promise<CallPageCampaign | null> {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return null;
  const row = await withServiceRole(WHY, (trx) =>
    trx
      .selectFrom("campaign_slugs as s")
      .innerJoin("campaigns as c", (j) =>
        j.onRef("c.workspace_id", "=", "s.workspace_id").onRef("c.id", "=", "s.campaign_id"),
      )
      .select([
        "c.name",
        "c.status",
        "c.workspace_id",
        "c.record_calls",
        sql<string | null>`c.flow_config ->> 'consentNotice'`.as("consent_notice"),
        sql<string | null>`c.voice_settings ->> 'turnTaking'`.as("turn_taking"),
        sql<string | null>`c.voice_settings ->> 'language'`.as("language"),
        sql<number | null>`(c.voice_settings ->> 'idleSeconds')::integer`.as("idle_seconds"),
      ])
      .where("s.slug", "=", slug)
      .executeTakeFirst(),
  );
  if (!row) return null;
  return {
    name: row.name,
    status: row.status as CampaignStatus,
    // A recorded campaign's notice says so (lib/recordings).
    consentNotice: withRecordingNotice(
      consentNoticeOf({ consentNotice: row.consent_notice ?? undefined }),
      row.record_calls,
    ),
    settings: callSettings({
      turnTaking: (row.turn_taking ?? undefined) as CallSettings["turnTaking"] | undefined,
      idleSeconds: row.idle_seconds ?? undefined,
    }),
    language: row.language ?? "en-US",
    recorded: row.record_calls,
    workspaceId: row.workspace_id,
  };
}
