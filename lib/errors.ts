// One error type with stable codes, and one mapping from errors to JSON responses:
// { "error": { "code", "message", "fields"? } } everywhere.
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/errors";

export type ErrorCode =
  | "invalid_input"
  | "invalid_json"
  | "invalid_text"
  | "unsupported_media_type"
  | "payload_too_large"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "email_taken"
  | "invalid_credentials"
  | "rate_limited"
  | "database_unavailable"
  | "turn_in_progress"
  | "invitation_not_found"
  | "invitation_expired"
  | "invitation_revoked"
  | "invitation_used"
  | "invitation_wrong_email"
  | "number_not_assigned"
  | "already_member"
  | "last_owner"
  /** A vendor the request needs did not answer (e.g. Deepgram's token grant): 502. */
  | "provider_unavailable"
  | "internal_error";

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly fields?: Record<string, string>,
    /** Seconds, sent as Retry-After (rate limits). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`, 404);
export const unauthorized = () => new AppError("unauthorized", "Sign in to continue", 401);

/** Field path → first message, e.g. { "flowConfig.questions.0.text": "Too short" }. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function fromZod(error: z.ZodError) {
  const fields = fieldErrors(error);
  const [path, message] = Object.entries(fields)[0] ?? ["_", "Invalid input"];
  return new AppError("invalid_input", path === "_" ? message : `${path}: ${message}`, 400, fields);
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}

export function errorBody(error: unknown): {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
} {
  if (error instanceof z.ZodError) error = fromZod(error);
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, fields: error.fields } },
      headers: error.retryAfter ? { "retry-after": String(error.retryAfter) } : undefined,
    };
  }
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  return {
    status: 500,
    body: { error: { code: "internal_error", message: "Something went wrong on our side" } },
  };
}

/** Seconds a caller should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// The database is down, restarting or too slow: a retryable 503, never a 500 or a hang.
function databaseUnavailable() {
  return {
    status: 503,
    body: {
      error: {
        code: "database_unavailable" as const,
        message: "The service is briefly unavailable; please try again in a few seconds",
      },
    },
    headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
  };
}
