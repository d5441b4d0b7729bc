// Soak mode: N callers for a long time, each call six WAV turns with the reply heard out and
// a 1–2 s pause between turns, then a new call. Prints a progress line per minute (stderr)
// and a summary: RSS after warm-up and at the end, growth, heap after forced GCs, errors,
// turns, and whether every turn's rows are in the database.
import pg from "pg";
import { audioTurnWithRetry, startCall, type TurnSample } from "./caller";
import { overheadReport, type StandInLog } from "./overhead";
import type { ProbeStats } from "./server";
import { round, sleep, summary } from "./stats";

export interface SoakContext {
  port: number;
  pid: number;
  probe: (what?: string, query?: string) => Promise<ProbeStats>;
  slug: string;
  wav: Uint8Array;
  log: StandInLog;
  rss: () => number | null;
}

export interface SoakOptions {
  callers: number;
  durationMs: number;
  warmupMs: number;
  /** Write heap snapshots (after forced GCs) at the end of warm-up and at the end. */
  snapshotDir?: string;
}

const TURNS_PER_CALL = 6;
let callers = 0;

async function caller(ctx: SoakContext, until: number, out: TurnSample[], errors: string[]) {
  const ip = `2001:db8:5::${(++callers).toString(16)}`;
  await sleep(Math.random() * 5_000); // callers do not all dial in the same millisecond
  for (let call = 0; Date.now() < until; call++) {
    let token: string;
    try {
      token = await startCall(ctx.port, ctx.slug, ip);
    } catch (error) {
      errors.push(String(error));
      await sleep(1_000);
      continue;
    }
    for (let t = 0; t < TURNS_PER_CALL && Date.now() < until; t++) {
      try {
        const s = await audioTurnWithRetry(ctx.port, { token, ip }, ctx.wav, `${ip}-${call}-${t}`);
        out.push(s);
        await sleep(s.audioMs + 1_000 + Math.random() * 1_000);
      } catch (error) {
        // A caller who heard nothing waits a moment and speaks again (no error storm).
        errors.push(String(error));
        await sleep(1_000 + Math.random() * 1_000);
      }
    }
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function memory(ctx: SoakContext, snapshotDir: string | undefined, name: string) {
  const rss = ctx.rss();
  const after = snapshotDir
    ? await ctx.probe("snapshot", `dir=${encodeURIComponent(snapshotDir)}&name=${name}`)
    : await ctx.probe("gc");
  const m = after.memory;
  return {
    rss_mb: rss,
    after_gc: {
      heap_used_mb: mb(m.heapUsed),
      array_buffers_mb: mb(m.arrayBuffers),
      rss_mb: mb(m.rss),
    },
    ...(after.snapshot ? { snapshot: after.snapshot } : {}),
  };
}

export async function soak(ctx: SoakContext, o: SoakOptions) {
  const started = Date.now();
  const until = started + o.durationMs;
  const samples: TurnSample[] = [];
  const errors: string[] = [];
  const minutes: unknown[] = [];
  const running = Promise.all(
    Array.from({ length: o.callers }, () => caller(ctx, until, samples, errors)),
  );
  let warm: Awaited<ReturnType<typeof memory>> | null = null;
  let seen = 0;
  let cpu = (await ctx.probe("reset")).cpuMs;
  const tick = setInterval(async () => {
    const window = samples.slice(seen);
    seen = samples.length;
    const stats = await ctx.probe("reset");
    const row = {
      minute: Math.round((Date.now() - started) / 60_000),
      turns: window.length,
      errors: errors.length,
      time_to_first_audio_ms: summary(window.map((s) => s.ttfa)),
      overhead_ms: overheadReport(window, ctx.log).overhead_ms,
      cpu_ms_per_turn: window.length ? round((stats.cpuMs - cpu) / window.length) : null,
      event_loop_delay_p99_ms: stats.eventLoopDelayMs.p99,
      rss_mb: ctx.rss(),
      heap_used_mb: mb(stats.memory.heapUsed),
    };
    cpu = stats.cpuMs;
    minutes.push(row);
    console.error(JSON.stringify(row));
  }, 60_000);
  await sleep(o.warmupMs);
  warm = await memory(ctx, o.snapshotDir, "warm");
  const turnsAtWarm = samples.length;
  await sleep(Math.max(0, until - Date.now()));
  const endRss = ctx.rss();
  await running;
  clearInterval(tick);
  const end = await memory(ctx, o.snapshotDir, "end");
  return {
    callers: o.callers,
    minutes: round(o.durationMs / 60_000),
    turns: samples.length,
    errors: errors.length,
    error_examples: [...new Set(errors)].slice(0, 3),
    time_to_first_audio_ms: summary(samples.map((s) => s.ttfa)),
    rss_after_warmup_mb: warm.rss_mb,
    rss_end_mb: endRss,
    rss_growth_pct:
      warm.rss_mb && endRss ? round(((endRss - warm.rss_mb) / warm.rss_mb) * 100) : null,
    heap_after_gc: { warm: warm.after_gc, end: end.after_gc },
    bytes_retained_per_turn_after_gc: Math.round(
      ((end.after_gc.heap_used_mb - warm.after_gc.heap_used_mb) * 1024 * 1024) /
        Math.max(1, samples.length - turnsAtWarm),
    ),
    snapshots: o.snapshotDir ? [warm.snapshot, end.snapshot] : undefined,
    per_minute: minutes,
  };
}

/** Counts what the database holds for the run: every answered turn should have both rows. */
export async function countRows(url: string | null) {
  if (!url) return { checked: false, why: "PGlite lives inside the server process" };
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`
      select (select count(*) from conversations)::int as conversations,
             count(*) filter (where role = 'caller')::int as caller_rows,
             count(*) filter (where role = 'agent' and seq > 0)::int as agent_rows,
             count(distinct (conversation_id, idempotency_key))
               filter (where idempotency_key is not null)::int as idempotency_keys
      from turns`);
    return { checked: true, ...rows[0] };
  } finally {
    await c.end();
  }
}
