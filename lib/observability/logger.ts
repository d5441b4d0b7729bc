// Structured JSON logs. Secrets never reach them: known secret-bearing keys are redacted.
// Each line carries the request id and conversation id of the request it belongs to.
import pino from "pino";
import { env } from "@/lib/env";
import { requestContext } from "./context";

export const logger = pino({
  level: env().LOG_LEVEL,
  base: { service: "voxline" },
  mixin() {
    const context = requestContext();
    if (!context) return {};
    return context.conversationId
      ? { requestId: context.requestId, conversationId: context.conversationId }
      : { requestId: context.requestId };
  },
  redact: {
    paths: [
      "password",
      "*.password",
      "token",
      "*.token",
      "authorization",
      "*.authorization",
      "cookie",
      "*.cookie",
      "audio",
      "*.audio",
    ],
    censor: "[redacted]",
  },
});
