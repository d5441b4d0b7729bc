// A campaign's settings, read-only: what a viewer sees instead of the edit form.
import { Card } from "@/components/ui/card";
import type { Campaign } from "@/lib/db/queries/campaigns";
import { callSettings, consentNoticeOf, qualifyThreshold } from "@/lib/validations/campaign";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 px-5 py-3 sm:grid-cols-[10rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-zinc-500">{label}</dt>
      <dd className="text-sm whitespace-pre-wrap text-zinc-900">{children}</dd>
    </div>
  );
}

export function CampaignSummary({ campaign }: { campaign: Campaign }) {
  const { flowConfig: flow, voiceSettings: voice } = campaign;
  const call = callSettings(voice);
  return (
    <Card data-testid="campaign-summary">
      <dl className="divide-y divide-zinc-100">
        <Row label="Description">{campaign.description || "—"}</Row>
        <Row label="Persona">{flow.persona}</Row>
        <Row label="First message">{flow.firstMessage}</Row>
        <Row label="Questions">
          {flow.questions.length === 0 ? (
            "—"
          ) : (
            <ol className="list-decimal space-y-1 pl-5">
              {flow.questions.map((q) => (
                <li key={q.id}>
                  {q.text} <span className="text-zinc-400">(weight {q.weight})</span>
                </li>
              ))}
            </ol>
          )}
        </Row>
        <Row label="Qualify threshold">Score {qualifyThreshold(flow)} or more</Row>
        <Row label="Required fields">{flow.requiredFields.join(", ") || "—"}</Row>
        <Row label="Closing message">{flow.closingMessage}</Row>
        <Row label="Consent notice">{consentNoticeOf(flow)}</Row>
        <Row label="Voice">
          {voice.voice}, {voice.language}, speed {voice.speed} · {call.turnTaking} turn-taking, idle
          after {call.idleSeconds} s
        </Row>
      </dl>
    </Card>
  );
}
