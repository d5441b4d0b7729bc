// The lead the call produced: who, how qualified, and each scoring point with the caller
// line that justifies it (a link to #turn-<seq> in the transcript).
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { EvidenceItem, LeadRow } from "@/lib/db/queries/conversations";
import { ScorePill } from "./badges";
import { maskPhone } from "./format";

const VERDICT: Record<EvidenceItem["verdict"], { label: string; className: string }> = {
  qualifies: { label: "Qualifies", className: "text-emerald-700" },
  disqualifies: { label: "Does not qualify", className: "text-rose-700" },
  unclear: { label: "Unclear", className: "text-amber-700" },
  unanswered: { label: "Not answered", className: "text-zinc-500" },
};

const fieldValue = (v: unknown) =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    ? String(v)
    : JSON.stringify(v);

export function LeadCard({ lead }: { lead: LeadRow | null }) {
  if (!lead) {
    return (
      <Card className="p-4">
        <h2 className="text-sm font-semibold text-zinc-900">Lead</h2>
        <p className="mt-1 text-sm text-zinc-500">
          No lead yet: the analysis runs when the call ends.
        </p>
      </Card>
    );
  }
  const contact: [string, string | null][] = [
    ["Name", lead.name],
    ["Email", lead.email],
    // Masked as on the call; the full number is on the Leads page.
    ["Phone", maskPhone(lead.phone)],
    ["Company", lead.company],
    ...Object.entries(lead.fields).map(([k, v]): [string, string] => [k, fieldValue(v)]),
  ];
  return (
    <Card className="p-4" data-testid="lead-card">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold text-zinc-900">Lead</h2>
          <p className="mt-0.5 text-xs text-zinc-500">
            <span className="capitalize">{lead.status}</span>
            {lead.urgency_level ? ` · ${lead.urgency_level} urgency` : ""}
          </p>
        </div>
        <div className="text-right">
          <ScorePill score={lead.qualification_score} className="px-2 py-1 text-sm" />
          <p className="mt-1 text-[11px] text-zinc-500">score / 100</p>
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        {contact
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-zinc-500 capitalize">{k}</dt>
              <dd className="truncate text-zinc-900">{v}</dd>
            </div>
          ))}
      </dl>
      {lead.evidence.length ? (
        <>
          <h3 className="mt-4 mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">
            How it scored
          </h3>
          <ul className="space-y-2" data-testid="lead-evidence">
            {lead.evidence.map((e) => (
              <li
                key={e.questionId}
                className="rounded-md border border-zinc-100 bg-zinc-50/60 p-2.5"
              >
                <div className="flex items-start justify-between gap-2 text-sm">
                  <span className="font-medium text-zinc-800">{e.question}</span>
                  <span className="shrink-0 text-xs tabular-nums text-zinc-600">
                    {e.points}/{e.weight} pts
                  </span>
                </div>
                <div className="mt-1 flex flex-wrap items-baseline gap-x-2 text-xs">
                  <span className={cn("font-medium", VERDICT[e.verdict].className)}>
                    {VERDICT[e.verdict].label}
                  </span>
                  {e.turnSeq !== null ? (
                    <a
                      href={`#turn-${e.turnSeq}`}
                      className="min-w-0 text-brand-700 underline decoration-brand-200 underline-offset-2 hover:decoration-brand-500"
                    >
                      “{e.quote}” <span className="whitespace-nowrap">(line #{e.turnSeq})</span>
                    </a>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}
