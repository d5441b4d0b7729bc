// Product analytics: one track() for every event. A no-op until PostHog is wired in (issue 4).
export type ProductEvent = "campaign_created" | "call_started" | "call_ended" | "lead_qualified";

export function track(
  _event: ProductEvent,
  _distinctId: string,
  _properties: Record<string, unknown> = {},
): void {}
