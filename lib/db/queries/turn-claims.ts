// The turn path's writes beyond upsertTurn: the caller's turn doubles as the Idempotency-Key
// claim (turns_idempotency_key is unique per conversation and holds the partition key), its
// words land when STT answers, and the agent's turn clears the claim. Costs are added to the
// conversation in the same transaction as the row that carries them, so the conversation's
// totals always equal the sum of its turns.
import { type QueryCreator, sql } from "kysely";
import type { DB } from "../schema.gen";
import type { Tx } from "../scoped";
import { addCostsQuery, type CallKey, type TurnRow, upsertTurn, upsertTurnQuery } from "./calls";

export interface StoredTurn {
  seq: number;
  text: string;
  error_code: string | null;
  incomplete: boolean;
  tool_calls: unknown;
  stt_ms: number | null;
  llm_first_token_ms: number | null;
  tts_first_byte_ms: number | null;
  first_audio_ms: number | null;
  total_ms: number | null;
  cost_usd: string | number;
  claim_expires_at: Date | null;
}

export type Claim =
  /** `held`: a person holds the call, so no agent turn follows (one seq reserved, not two). */
  | { kind: "claimed"; callerSeq: number; held: boolean }
  /** Another request holds this key and is still answering it. */
  | { kind: "running" }
  /** This key's turn was answered: replay it. */
  | { kind: "answered"; caller: StoredTurn; agent: StoredTurn | null }
  /** No such key and the call is over. */
  | { kind: "ended" };

export interface ClaimInput {
  workspaceId: string;
  idempotencyKey: string | null;
  /** Known at claim time for text turns; written later for audio. */
  text: string;
  audioDurationMs: number | null;
  claimMs: number;
  active: boolean;
  /** A person holds the call (conversation_takeovers): the agent will not answer. */
  held: boolean;
  /** The call's turns as loaded: where an earlier claim of this key would be. */
  history: readonly { idempotency_key: string | null }[];
}

const storedColumns = [
  "seq",
  "text",
  "error_code",
  "incomplete",
  "tool_calls",
  "stt_ms",
  "llm_first_token_ms",
  "tts_first_byte_ms",
  "first_audio_ms",
  "total_ms",
  "cost_usd",
  "claim_expires_at",
] as const;

function turnsOf(trx: Tx, key: CallKey) {
  return trx
    .selectFrom("turns")
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt);
}

/** What an earlier request with this key left: answered, still running, or a dead claim. */
async function priorClaim(trx: Tx, key: CallKey, idempotencyKey: string): Promise<Claim | null> {
  const caller = (await turnsOf(trx, key)
    .select(storedColumns)
    .select(sql<boolean>`claim_expires_at < now()`.as("expired"))
    .where("idempotency_key", "=", idempotencyKey)
    .executeTakeFirst()) as (StoredTurn & { expired: boolean | null }) | undefined;
  if (!caller) return null;
  if (caller.claim_expires_at === null) {
    const agent = (await turnsOf(trx, key)
      .select(storedColumns)
      .where("seq", "=", caller.seq + 1)
      .where("role", "=", "agent")
      .executeTakeFirst()) as StoredTurn | undefined;
    return { kind: "answered", caller, agent: agent ?? null };
  }
  if (!caller.expired) return { kind: "running" };
  // The request that held it died without releasing it: the key is free again.
  await releaseClaim(trx, key, caller.seq);
  return null;
}

class ClaimTaken extends Error {}

/**
 * Claims the turn: reserves the caller's and agent's seqs (the caller's alone while a person
 * holds the call) and writes the caller's row, in one statement. An earlier claim is looked
 * up only when the call's loaded turns hold the key: a claim committed since they were read
 * makes the insert conflict, and that is answered as `running`.
 */
export async function claimTurn(trx: Tx, key: CallKey, c: ClaimInput): Promise<Claim> {
  if (c.idempotencyKey && c.history.some((t) => t.idempotency_key === c.idempotencyKey)) {
    const prior = await priorClaim(trx, key, c.idempotencyKey);
    if (prior) return prior;
  }
  if (!c.active) return { kind: "ended" };
  const reserved = c.held ? 1 : 2;
  const claimExpiresAt = c.idempotencyKey
    ? sql<Date>`now() + ${`${c.claimMs} milliseconds`}::interval`
    : sql<Date | null>`null::timestamptz`;
  const inserted = await trx
    .with("r", (db) =>
      db
        .updateTable("conversations")
        .set((eb) => ({ turn_count: eb("turn_count", "+", reserved) }))
        .where("id", "=", key.id)
        .where("started_at", "=", key.startedAt)
        .returning(sql<number>`turn_count - ${reserved}::int`.as("seq")),
    )
    .insertInto("turns")
    .columns([
      "workspace_id",
      "conversation_id",
      "conversation_started_at",
      "seq",
      "role",
      "text",
      "audio_duration_ms",
      "idempotency_key",
      "claim_expires_at",
    ])
    .expression((eb) =>
      eb
        .selectFrom("r")
        .select([
          sql<string>`${c.workspaceId}::uuid`.as("workspace_id"),
          sql<string>`${key.id}::uuid`.as("conversation_id"),
          sql<Date>`${key.startedAt}::timestamptz`.as("conversation_started_at"),
          "r.seq",
          sql<string>`'caller'`.as("role"),
          sql<string>`${c.text}::text`.as("text"),
          sql<number | null>`${c.audioDurationMs}::int`.as("audio_duration_ms"),
          sql<string | null>`${c.idempotencyKey}::text`.as("idempotency_key"),
          claimExpiresAt.as("claim_expires_at"),
        ]),
    )
    .onConflict((oc) =>
      oc.columns(["conversation_id", "conversation_started_at", "idempotency_key"]).doNothing(),
    )
    .returning("seq")
    .executeTakeFirst();
  // A concurrent request with the same key committed first; the transaction's rollback undoes
  // the seq reservation.
  if (!inserted) throw new ClaimTaken();
  return { kind: "claimed", callerSeq: inserted.seq, held: c.held };
}

export const isClaimTaken = (error: unknown) => error instanceof ClaimTaken;

/** The caller's words (or the STT failure) and the STT cost, on the claimed row: one statement. */
export async function saveCallerWords(
  trx: Tx,
  key: CallKey,
  seq: number,
  t: Pick<TurnRow, "text" | "sttMs" | "sttSeconds" | "errorCode" | "costUsd">,
) {
  const words = (db: QueryCreator<DB>) =>
    db
      .updateTable("turns")
      .set({
        text: t.text,
        stt_ms: t.sttMs ?? null,
        stt_seconds: t.sttSeconds ?? 0,
        error_code: t.errorCode ?? null,
        cost_usd: t.costUsd ?? 0,
      })
      .where("conversation_id", "=", key.id)
      .where("conversation_started_at", "=", key.startedAt)
      .where("seq", "=", seq);
  const stt = t.costUsd ?? 0;
  if (!stt) return void (await words(trx).execute());
  await addCostsQuery(
    trx.with("words", (db) => words(db).returning("seq")),
    key,
    { stt, llm: 0, tts: 0, total: stt },
  ).execute();
}

/**
 * Stores the agent's turn with its LLM + TTS cost (one statement) and clears the caller
 * turn's claim.
 */
export async function finishTurn(
  trx: Tx,
  workspaceId: string,
  key: CallKey,
  agent: TurnRow,
  cost: { llm: number; tts: number },
) {
  const total = cost.llm + cost.tts;
  if (!total) await upsertTurn(trx, workspaceId, key, agent);
  else
    await addCostsQuery(
      trx.with("agent", (db) => upsertTurnQuery(db, workspaceId, key, agent).returning("seq")),
      key,
      { stt: 0, llm: cost.llm, tts: cost.tts, total },
    ).execute();
  await clearClaim(trx, key, agent.seq - 1);
}

/** Clears the caller turn's claim: a held turn is answered by nobody, and is done. */
export async function clearClaim(trx: Tx, key: CallKey, callerSeq: number) {
  await trx
    .updateTable("turns")
    .set({ claim_expires_at: null })
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .where("seq", "=", callerSeq)
    .execute();
}

/** Frees the key after a failure, so a retry runs the turn again. */
export async function releaseClaim(trx: Tx, key: CallKey, callerSeq: number) {
  await trx
    .updateTable("turns")
    .set({ idempotency_key: null, claim_expires_at: null })
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .where("seq", "=", callerSeq)
    .execute();
}
