// The campaign's signed webhook: the event as JSON, signed with the campaign's secret, its id
// in a header so the receiver can drop a repeat.
import type { Attempt } from "@/lib/db/queries/notifications";
import { postJson } from "./post";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signing";
import { assertDeliverable } from "./url-safety";

export async function sendWebhook(
  url: string,
  secret: string,
  eventId: string,
  body: string,
  production: boolean,
): Promise<Attempt> {
  try {
    await assertDeliverable(url, production);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      target: "webhook",
      destination: url,
      ok: false,
      statusCode: null,
      error: message,
      durationMs: 0,
    };
  }
  const timestamp = Math.floor(Date.now() / 1000);
  return postJson(
    "webhook",
    url,
    body,
    {
      [SIGNATURE_HEADER]: signatureHeader(secret, body, timestamp),
      [EVENT_ID_HEADER]: eventId,
    },
    { production },
  );
}
