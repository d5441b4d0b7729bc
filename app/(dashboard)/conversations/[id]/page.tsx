import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CallStatusBadge, ChannelBadge, TestBadge } from "@/components/conversations/badges";
import { CallFacts } from "@/components/conversations/call-facts";
import { CallTotals } from "@/components/conversations/call-totals";
import { formatWhenLong, maskPhone } from "@/components/conversations/format";
import { LeadCard } from "@/components/conversations/lead-card";
import { Transcript } from "@/components/conversations/transcript";
import { Card } from "@/components/ui/card";
import { getConversationDetail } from "@/lib/db/queries/conversation-detail";
import { listConversationRecordings } from "@/lib/db/queries/recordings";
import { withUser } from "@/lib/db/scoped";
import { currentActor } from "@/lib/workspaces/current";

export const metadata: Metadata = { title: "Conversation" };

const idSchema = z.guid();

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const id = idSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const actor = await currentActor();
  // RLS returns nothing for a workspace the user is not in; another of their workspaces'
  // calls is not shown here either (the dashboard acts in one workspace at a time).
  const found = await withUser(actor.claims, async (trx) => {
    const detail = await getConversationDetail(trx, id.data);
    if (!detail) return null;
    const key = { conversationId: id.data, startedAt: detail.conversation.started_at };
    return { detail, recordings: await listConversationRecordings(trx, key) };
  });
  if (!found || found.detail.conversation.workspace_id !== actor.workspaceId) notFound();
  const { conversation: c, turns, lead } = found.detail;
  const caller =
    c.caller_name ??
    lead?.name ??
    maskPhone(c.caller_phone) ??
    (c.channel === "phone" ? "Unknown caller" : "Web caller");
  return (
    <>
      <Link href="/conversations" className="text-sm text-zinc-500 hover:text-zinc-800">
        ← Conversations
      </Link>
      <div className="mt-2 mb-5 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight text-zinc-900">
            <span className="truncate">{caller}</span>
            {c.is_test ? <TestBadge /> : null}
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500">
            <Link
              href={`/campaigns/${c.campaign_id}`}
              className="font-medium text-zinc-700 hover:underline"
            >
              {c.campaign_name}
            </Link>
            <span aria-hidden>·</span>
            <span>{formatWhenLong(c.started_at)}</span>
            <span aria-hidden>·</span>
            <ChannelBadge channel={c.channel} />
            <CallStatusBadge status={c.status} />
          </p>
        </div>
      </div>
      {c.is_test ? (
        <p className="mb-4 rounded-md border border-violet-200 bg-violet-50 px-3 py-2 text-sm text-violet-800">
          A test call placed from the dashboard: it is left out of lead figures.
        </p>
      ) : null}
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_340px]">
        <aside className="space-y-4 lg:order-2">
          <CallTotals conversation={c} />
          {c.summary ? (
            <Card className="p-4">
              <h2 className="text-sm font-semibold text-zinc-900">Summary</h2>
              <p className="mt-1 text-sm leading-relaxed text-zinc-700" data-testid="summary">
                {c.summary}
              </p>
            </Card>
          ) : null}
          <LeadCard lead={lead} />
          <CallFacts conversation={c} />
        </aside>
        <div className="lg:order-1">
          <Card className="p-4 sm:p-5">
            <Transcript turns={turns} recordings={found.recordings} />
          </Card>
        </div>
      </div>
    </>
  );
}
