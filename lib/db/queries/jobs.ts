// Durable jobs (post-call analysis): enqueue once per conversation, claim with a lease, and
// finish or reschedule only while still holding that lease. Service-role transactions only:
// the table is closed to client roles.
import { sql } from "kysely";
import type { Tx } from "../scoped";
import type { CallKey } from "./calls";

export type JobKind = "analyze_call";

export interface JobRow {
  id: string;
  kind: JobKind;
  workspace_id: string;
  conversation_id: string;
  conversation_started_at: Date;
  status: "pending" | "running" | "done" | "failed";
  attempts: number;
  max_attempts: number;
  run_after: Date;
  locked_until: Date | null;
  last_error: string | null;
}

/** Adds the job unless the conversation already has one of this kind (then a no-op). */
export async function enqueueJob(trx: Tx, kind: JobKind, workspaceId: string, key: CallKey) {
  await trx
    .insertInto("jobs")
    .values({
      kind,
      workspace_id: workspaceId,
      conversation_id: key.id,
      conversation_started_at: key.startedAt,
    })
    .onConflict((oc) =>
      oc.columns(["kind", "conversation_id", "conversation_started_at"]).doNothing(),
    )
    .execute();
}

/**
 * Claims one due job: pending and due, or running with a lapsed lease (its runner died).
 * `skip locked` lets concurrent runners each take a different job instead of queueing.
 */
export async function claimJob(
  trx: Tx,
  leaseMs: number,
  only?: CallKey,
): Promise<JobRow | undefined> {
  const filter = only
    ? sql`and conversation_id = ${only.id} and conversation_started_at = ${only.startedAt}`
    : sql``;
  const { rows } = await sql<JobRow>`
    update public.jobs set status = 'running', attempts = attempts + 1,
      locked_until = now() + make_interval(secs => ${leaseMs / 1000})
    where id = (
      select id from public.jobs
      where ((status = 'pending' and run_after <= now())
        or (status = 'running' and locked_until < now())) ${filter}
      order by run_after
      limit 1
      for update skip locked
    )
    returning *`.execute(trx);
  return rows[0];
}

/** True while `job` is still this runner's: same attempt, still running. Locks the row. */
export async function holdsLease(trx: Tx, job: JobRow): Promise<boolean> {
  const row = await trx
    .selectFrom("jobs")
    .select("id")
    .where("id", "=", job.id)
    .where("status", "=", "running")
    .where("attempts", "=", job.attempts)
    .forUpdate()
    .executeTakeFirst();
  return !!row;
}

export async function finishJob(trx: Tx, job: JobRow) {
  await trx
    .updateTable("jobs")
    .set({ status: "done", locked_until: null, finished_at: sql`now()`, last_error: null })
    .where("id", "=", job.id)
    .execute();
}

/** Reschedules after `backoffMs`, or gives up for good once the attempts are spent. */
export async function failJob(trx: Tx, job: JobRow, error: string, backoffMs: number) {
  const spent = job.attempts >= job.max_attempts;
  await trx
    .updateTable("jobs")
    .set({
      status: spent ? "failed" : "pending",
      run_after: sql`now() + make_interval(secs => ${backoffMs / 1000})`,
      locked_until: null,
      finished_at: spent ? sql`now()` : null,
      last_error: error.slice(0, 2000),
    })
    .where("id", "=", job.id)
    .where("status", "=", "running")
    .where("attempts", "=", job.attempts)
    .execute();
}

export async function getJob(trx: Tx, kind: JobKind, key: CallKey) {
  return trx
    .selectFrom("jobs")
    .selectAll()
    .where("kind", "=", kind)
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .executeTakeFirst();
}
