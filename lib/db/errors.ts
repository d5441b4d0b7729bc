// Classifying database errors: which ones mean "the database is unavailable right now" (the
// caller should retry: 503 + Retry-After) rather than a bug (500) or bad input.

/** Postgres refused an insert or update that would duplicate a unique key (SQLSTATE 23505). */
export const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";

/** Postgres refused a row whose foreign key points at nothing (SQLSTATE 23503). */
export const isForeignKeyViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "23503";

// Node socket errors seen when the server is down, restarting or unreachable.
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

// SQLSTATEs: class 08 (connection exception), 57P01-03 (admin/crash shutdown, cannot connect
// now: a restart), 57014 (query_canceled: our statement_timeout fired), 53300 (too many
// connections), 25P03 (idle_in_transaction_session_timeout).
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|57014|53300|25P03)$/;

// node-postgres raises these as plain Errors without a code.
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

function isUnavailableOne(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code)))
    return true;
  return typeof message === "string" && PG_MESSAGES.test(message);
}

/**
 * The database could not be reached or did not answer in time: a connection refused, reset
 * or timed out, the server shutting down, or a statement timeout. Looks through `cause` and
 * AggregateError (Node's happy-eyeballs connect reports one error per address).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== "object" || error === null) return false;
  if (isUnavailableOne(error)) return true;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
