import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/dashboard/page-header";
import { ReadOnlyNotice } from "@/components/dashboard/read-only-notice";
import { LeadStatusPill, ScoreBadge, UrgencyLabel } from "@/components/leads/lead-badges";
import { LeadAssignForm, LeadNotesForm, LeadStatusForm } from "@/components/leads/lead-edit-forms";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { assignableEmails, getLead } from "@/lib/leads/commands";
import { currentActor } from "@/lib/workspaces/current";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "Lead" };

const dateFormat = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-3 py-2 text-sm">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-900">{children}</dd>
    </div>
  );
}

const fieldText = (v: unknown) =>
  typeof v === "string" ? v : v === null || v === undefined ? "—" : JSON.stringify(v);

export default async function LeadPage({ params }: PageProps<"/leads/[id]">) {
  const { id } = await params;
  await requireUser(`/leads/${id}`);
  const actor = await currentActor();
  const canEdit = atLeast(actor.workspace.role, "member");
  const lead = await getLead(actor, { id }).catch((error) => {
    // An unknown, malformed or another workspace's id all look the same: not found.
    if (error instanceof AppError && error.status < 500) notFound();
    throw error;
  });
  const members = canEdit ? await assignableEmails(actor) : [];
  const extra = Object.entries(lead.fields).filter(
    ([key]) => !["name", "email", "phone", "company"].includes(key),
  );
  return (
    <>
      <Link href="/leads" className="text-sm text-zinc-500 hover:text-zinc-800">
        ← Leads
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span data-testid="lead-name">{lead.name ?? lead.email ?? "Unknown caller"}</span>
            <LeadStatusPill status={lead.status} />
          </span>
        }
        description={`${lead.campaignName} · ${dateFormat.format(lead.createdAt)} UTC`}
        actions={
          <Link
            href={`/conversations/${lead.conversationId}`}
            className={buttonClasses("secondary")}
          >
            Open conversation
          </Link>
        }
      />
      {canEdit ? null : <ReadOnlyNotice workspace={actor.workspace.name} />}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card className="p-5">
            <div className="flex items-center justify-between gap-3">
              <h2 className="text-base font-semibold text-zinc-900">Contact</h2>
              <ScoreBadge score={lead.score} threshold={lead.qualifyThreshold} />
            </div>
            <dl className="mt-2 divide-y divide-zinc-100">
              <Row label="Email">
                {lead.email ? (
                  <a href={`mailto:${lead.email}`} className="text-brand-700 hover:underline">
                    {lead.email}
                  </a>
                ) : (
                  "—"
                )}
              </Row>
              <Row label="Phone">
                {lead.phone ? (
                  <a href={`tel:${lead.phone}`} className="text-brand-700 hover:underline">
                    {lead.phone}
                  </a>
                ) : (
                  "—"
                )}
              </Row>
              <Row label="Company">{lead.company ?? "—"}</Row>
              <Row label="Urgency">
                <UrgencyLabel urgency={lead.urgency} />
              </Row>
              <Row label="Score">
                {lead.score === null
                  ? "Not scored yet"
                  : `${lead.score} / 100 (qualifies at ${lead.qualifyThreshold})`}
              </Row>
              {extra.map(([key, value]) => (
                <Row key={key} label={key}>
                  {fieldText(value)}
                </Row>
              ))}
            </dl>
          </Card>
          {lead.evidence.length ? (
            <Card className="p-5">
              <h2 className="text-base font-semibold text-zinc-900">Why this score</h2>
              <ul className="mt-3 space-y-3 text-sm">
                {lead.evidence.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: evidence has no id; its order is fixed
                  <li key={i} className="flex gap-3">
                    <span className="w-12 shrink-0 text-right font-medium tabular-nums text-zinc-900">
                      +{e.points}
                    </span>
                    <div className="min-w-0">
                      <p className="text-zinc-800">{e.question}</p>
                      {e.quote ? (
                        <p className="mt-0.5 text-zinc-500 italic">“{e.quote}”</p>
                      ) : (
                        <p className="mt-0.5 text-zinc-400">{e.verdict}</p>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
        <div className="space-y-6">
          <Card className="p-5">
            <h2 className="text-base font-semibold text-zinc-900">Status</h2>
            <div className="mt-2 mb-4 flex items-center gap-2 text-sm text-zinc-600">
              Now <LeadStatusPill status={lead.status} />
            </div>
            {canEdit ? <LeadStatusForm id={lead.id} status={lead.status} /> : null}
          </Card>
          <Card className="p-5">
            {canEdit ? (
              <LeadAssignForm id={lead.id} assignedTo={lead.assignedTo} members={members} />
            ) : (
              <dl>
                <Row label="Assigned to">{lead.assignedTo ?? "Unassigned"}</Row>
              </dl>
            )}
          </Card>
          <Card className="p-5">
            {canEdit ? (
              <LeadNotesForm id={lead.id} notes={lead.notes} />
            ) : (
              <>
                <h2 className="text-sm font-medium text-zinc-800">Notes</h2>
                <p className="mt-2 whitespace-pre-wrap text-sm text-zinc-700">
                  {lead.notes ?? "No notes."}
                </p>
              </>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
