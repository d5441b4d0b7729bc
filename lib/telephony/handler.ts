// The wrapper every Twilio webhook route uses, inside route(): the signature and the form body
// (./webhook.ts, 401 / 4xx JSON on failure, nothing changed), then the step, answered as TwiML.
// A fault after the signature check is logged and answered with a spoken apology and a
// hang-up: the caller hears a sentence, never Twilio's "application error".
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { captureError } from "@/lib/observability/errors";
import { logger } from "@/lib/observability/logger";
import { PHRASES, sayAndHangUp, twimlResponse } from "./twiml";
import { readTwilioWebhook } from "./webhook";

export function twilioWebhook<B extends z.ZodType, Q extends z.ZodType>(
  schemas: { body: B; query: Q },
  step: (body: z.output<B>, query: z.output<Q>) => Promise<string>,
) {
  return route({ query: schemas.query }, async ({ req, query }) => {
    const body = await readTwilioWebhook(req, schemas.body);
    try {
      return twimlResponse(await step(body, query as z.output<Q>));
    } catch (error) {
      if (error instanceof AppError && error.status < 500) throw error;
      const path = new URL(req.url).pathname;
      logger.error({ err: error, path }, "telephony webhook failed");
      captureError(error, { route: path });
      return twimlResponse(sayAndHangUp({ language: "en-US" }, PHRASES.unavailable));
    }
  });
}
