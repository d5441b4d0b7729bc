// A fault is a value with a stage and a stable code, never a silent end. classifyFault reads
// what went wrong from the error (and the stage's own signal, whose reason says which bound
// fired) so that every provider failure maps to one code the caller's transport can show.

import { DeadlineError } from "../deadline";
import type { Stage } from "../events";
import { ProviderError } from "../providers/types";

export type FaultKind =
  | "timeout"
  | "stalled"
  | "rate_limited"
  | "unavailable"
  | "bad_response"
  | "empty"
  | "truncated"
  | "bad_tool_call"
  | "connection_lost"
  | "failed";

export class TurnFault extends Error {
  override name = "TurnFault";
  readonly code: string;
  constructor(
    readonly stage: Stage,
    readonly kind: FaultKind,
    override readonly cause?: unknown,
  ) {
    super(`${stage} ${kind}`);
    this.code = `${stage}_${kind}`;
  }
}

/** What the caller hears, per stage: STT asks them to repeat; the rest apologise. */
export const SAY_AGAIN = "Sorry, I didn't catch that. Could you say it again?";
export const APOLOGY =
  "I'm sorry, I'm having a little trouble right now. Could you say that again?";

export const spokenFor = (fault: TurnFault) => (fault.stage === "stt" ? SAY_AGAIN : APOLOGY);

function* chain(error: unknown): Generator<Error & { code?: unknown }> {
  for (let e = error, i = 0; e && typeof e === "object" && i < 6; e = (e as Error).cause, i++)
    yield e as Error & { code?: unknown };
}

const LOST = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNREFUSED"]);

/** The connection dropped mid-answer (a reset), or the body was not the vendor's format. */
function transportKind(error: unknown): FaultKind | null {
  for (const e of chain(error)) {
    if (typeof e.code === "string" && LOST.has(e.code)) return "connection_lost";
    if (e.message === "terminated") return "connection_lost";
    if (e instanceof SyntaxError) return "bad_response";
  }
  return null;
}

function statusOf(error: unknown): number | undefined {
  for (let e = error, i = 0; e && typeof e === "object" && i < 5; e = (e as Error).cause, i++) {
    const s =
      (e as { status?: unknown; statusCode?: unknown }).status ??
      (e as { statusCode?: unknown }).statusCode;
    if (typeof s === "number") return s;
  }
  return undefined;
}

function deadlineOf(error: unknown, signal?: AbortSignal): DeadlineError | undefined {
  if (signal?.aborted && signal.reason instanceof DeadlineError) return signal.reason;
  for (let e = error, i = 0; e && typeof e === "object" && i < 5; e = (e as Error).cause, i++)
    if (e instanceof DeadlineError) return e;
  return undefined;
}

export function classifyFault(stage: Stage, error: unknown, signal?: AbortSignal): TurnFault {
  if (error instanceof TurnFault) return error;
  const late = deadlineOf(error, signal);
  if (late)
    return new TurnFault(stage, late.label.endsWith("stall") ? "stalled" : "timeout", error);
  if (error instanceof ProviderError && error.fault)
    return new TurnFault(stage, error.fault, error);
  const status = statusOf(error);
  if (status === 429) return new TurnFault(stage, "rate_limited", error);
  if (status !== undefined && status >= 500) return new TurnFault(stage, "unavailable", error);
  if (status !== undefined) return new TurnFault(stage, "bad_response", error);
  return new TurnFault(stage, transportKind(error) ?? "failed", error);
}
