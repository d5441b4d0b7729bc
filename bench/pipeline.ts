// npm run bench:pipeline — time to first audio, overhead, CPU per turn and event-loop delay
// on the shared latency profile (../shared/BENCH.md), against the production build.
//
// Starts the stand-ins with the profile's latencies (Deepgram STT: transcript 200 ms after the
// upload; OpenAI: first token 150 ms then one every 15 ms, 40 tokens with a comma at 5 and a
// full stop at 14; OpenAI TTS: first byte 80 ms, then 100 ms of audio every 10 ms), starts
// `next start` pointed at them with a probe preloaded (bench/server-probe.mjs), and drives
// simulated callers that each start a call and upload a WAV utterance per turn. Each turn is
// tagged (bench/turn-tag.ts) so the stand-ins' own clocks can be matched to it. For each
// concurrency level it prints, in one JSON object:
//   time_to_first_audio_ms  end of upload → first audio byte received, p50/p95/p99
//   overhead_ms             time to first audio − provider time as the stand-ins saw it
//                           (bench/overhead.ts), and its four waits p50/p99
//   overhead_vs_server_marks_ms  the old figure: minus the stages as the server timed them
//   cpu_ms_per_turn         CPU of the server process only (process.cpuUsage) / turns; and
//                           cpu_ms_per_turn_net_of_idle: less the idle burn over the level
//   event_loop_delay_ms     the server's event-loop delay beyond its 10 ms sampling, p50/p99/max
//   turns/s, errors, server RSS peak
//
// Options: --levels 1,50,200  --turns 30,4,2 (turns per caller, per level)  --skip-build
//   --pace none    callers send their next utterance as soon as a reply is done (a stress test)
//   --pace listen  callers listen to the whole reply, then speak for the utterance's length
//                  before it is uploaded, as a person on a call would
//   --pool N       the server's DATABASE_POOL_MAX (default: the app's default)
//   --cpu-prof DIR write a V8 CPU profile of the server (also BENCH_PROFILE_DIR=DIR)
//   --soak         instead of the levels: --callers 200 for --duration 30m (six turns a call,
//                  each reply heard out, then a 1–2 s pause), RSS after --warmup (default a
//                  fifth of the duration, at most 5m) and at the end; --heap-snapshots DIR
//                  also writes heap snapshots after forced GCs (compare with bench/heap-diff.ts)
//   --heap-snapshots DIR  (levels) heap snapshots after forced GCs with no call in flight,
//                  before and after the levels, and the heap retained per turn
import { parseArgs } from "node:util";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import { wavFile } from "../tests/helpers/wav";
import { audioTurnWithRetry, createCampaign, startCall, type TurnSample } from "./caller";
import { sampleDatabase } from "./db-sampler";
import { overheadReport, StandInLog } from "./overhead";
import {
  buildApp,
  printHelpAndExit,
  rssMb,
  scratchDatabase,
  serverEnv,
  startServer,
  startStandIns,
} from "./server";
import { countRows, soak } from "./soak";
import { round, sleep, summary } from "./stats";

const { values } = parseArgs({
  options: {
    levels: { type: "string", default: "1,50,200" },
    turns: { type: "string", default: "30,4,2" },
    "skip-build": { type: "boolean", default: false },
    pace: { type: "string", default: "none" },
    "cpu-prof": { type: "string", default: process.env.BENCH_PROFILE_DIR },
    soak: { type: "boolean", default: false },
    callers: { type: "string", default: "200" },
    duration: { type: "string", default: "30m" },
    warmup: { type: "string" },
    "heap-snapshots": { type: "string" },
    pool: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) printHelpAndExit(import.meta.url);
if (!["none", "listen"].includes(values.pace)) {
  console.error("--pace is none or listen");
  process.exit(2);
}

/** "30m", "90s", "1h" or plain milliseconds. */
function duration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s);
  if (!m) throw new Error(`not a duration: ${s}`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] ?? "ms"]!;
  return Number(m[1]) * unit;
}

interface Ctx {
  port: number;
  slug: string;
  wav: Uint8Array;
  utteranceMs: number;
  dbUrl: string | null;
}

let callerId = 0;
async function runCaller(ctx: Ctx, turns: number, samples: TurnSample[], errors: string[]) {
  const ip = `2001:db8::${(++callerId).toString(16)}`;
  // Real callers do not all dial in the same millisecond.
  if (values.pace === "listen") await sleep(Math.random() * 5_000);
  let token: string;
  try {
    token = await startCall(ctx.port, ctx.slug, ip);
  } catch (error) {
    return void errors.push(String(error));
  }
  for (let t = 0; t < turns; t++) {
    try {
      const sample = await audioTurnWithRetry(ctx.port, { token, ip }, ctx.wav, `${ip}-${t}`);
      samples.push(sample);
      // A person hears the reply out, then speaks the next utterance before it is sent.
      if (values.pace === "listen") await sleep(sample.audioMs + ctx.utteranceMs);
    } catch (error) {
      errors.push(String(error));
    }
  }
}

type Server = Awaited<ReturnType<typeof startServer>>;

async function level(
  ctx: Ctx,
  server: Server,
  log: StandInLog,
  concurrency: number,
  turns: number,
  idleCpuMsPerS: number,
) {
  const samples: TurnSample[] = [];
  const errors: string[] = [];
  let peakRss = rssMb(server.pid) ?? 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(server.pid) ?? 0);
  }, 100);
  const db = await sampleDatabase(ctx.dbUrl);
  const before = await server.probe("reset");
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, () => runCaller(ctx, turns, samples, errors)),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = await server.probe();
  clearInterval(sampler);
  const connections = await db.stop();
  await sleep(200); // the stand-ins send their timings in 50 ms batches
  return {
    turns: samples.length,
    time_to_first_audio_ms: summary(samples.map((s) => s.ttfa)),
    ...overheadReport(samples, log),
    overhead_vs_server_marks_ms: summary(
      samples.map(
        (s) =>
          s.ttfa - s.marks.sttMs - (s.marks.llmFirstChunkMs ?? 0) - (s.marks.ttsFirstByteMs ?? 0),
      ),
    ),
    cpu_ms_per_turn: samples.length ? round((after.cpuMs - before.cpuMs) / samples.length) : null,
    // The same less what the server burns with no caller over the level's length: on a busy
    // machine the idle burn (timers, GC) is large, and at low turn rates it dominates the figure.
    cpu_ms_per_turn_net_of_idle: samples.length
      ? round((after.cpuMs - before.cpuMs - idleCpuMsPerS * seconds) / samples.length)
      : null,
    event_loop_delay_ms: after.eventLoopDelayMs,
    turns_per_second: round(samples.length / seconds),
    errors: errors.length,
    error_examples: [...new Set(errors)].slice(0, 3),
    server_rss_mb_peak: peakRss,
    db_connections: connections,
  };
}

/** Warms the server (JIT, connections, first-request compilation) before measuring: a few
 * turns alone, then a short burst, so the first level does not pay for compilation. */
async function warmUp(ctx: Ctx, log: StandInLog) {
  const warmup: TurnSample[] = [];
  await runCaller(ctx, 5, warmup, []);
  await Promise.all(Array.from({ length: 20 }, () => runCaller(ctx, 2, warmup, [])));
  overheadReport(warmup, log);
  return warmup.length;
}

/** What the server burns with no caller at all, so per-turn CPU at low load can be read. */
async function idleCpu(server: Server) {
  const from = await server.probe();
  await sleep(3_000);
  return round(((await server.probe()).cpuMs - from.cpuMs) / 3);
}

async function runSoak(ctx: Ctx, server: Server, log: StandInLog) {
  const durationMs = duration(values.duration);
  const result = await soak(
    { ...ctx, pid: server.pid, probe: server.probe, log, rss: () => rssMb(server.pid) },
    {
      callers: Number(values.callers),
      durationMs,
      warmupMs: values.warmup ? duration(values.warmup) : Math.min(durationMs / 5, 300_000),
      snapshotDir: values["heap-snapshots"],
    },
  );
  return { ...result, rows_stored: await countRows(ctx.dbUrl) };
}

/** With --heap-snapshots: the heap after forced GCs with no call in flight. */
async function quietSnapshot(server: Server, name: string) {
  const dir = values["heap-snapshots"];
  if (!dir) return null;
  await sleep(1_000); // let the last turns' after() work finish
  const r = await server.probe("snapshot", `dir=${encodeURIComponent(dir)}&name=${name}`);
  return {
    file: r.snapshot,
    heap_used_mb: Math.round(r.memory.heapUsed / 1048576),
    array_buffers_mb: Math.round(r.memory.arrayBuffers / 1048576),
  };
}

async function runLevels(ctx: Ctx, server: Server, log: StandInLog, idleCpuMsPerS: number) {
  const before = await quietSnapshot(server, "before");
  const levels = values.levels.split(",").map(Number);
  const turnsPerCaller = values.turns.split(",").map(Number);
  const result: Record<string, unknown> = {};
  let turns = 0;
  for (const [i, concurrency] of levels.entries()) {
    const perCaller = turnsPerCaller[i] ?? turnsPerCaller.at(-1)!;
    const r = await level(ctx, server, log, concurrency, perCaller, idleCpuMsPerS);
    result[`concurrency_${concurrency}`] = r;
    turns += r.turns;
  }
  // What grew between two quiet points is retained per turn (compare with bench/heap-diff.ts).
  if (before) {
    const after = (await quietSnapshot(server, "after"))!;
    const kb = ((after.heap_used_mb - before.heap_used_mb) * 1024) / Math.max(1, turns);
    result.heap_after_gc_quiet = { before, after, kb_retained_per_turn: Math.round(kb) };
  }
  return { pace: values.pace, ...result };
}

async function main() {
  buildApp(values["skip-build"]);
  const log = new StandInLog();
  const standIns = await startStandIns((batch) => log.add(batch));
  const db = await scratchDatabase();
  const env = serverEnv(standIns, db.url, values.pool ? { DATABASE_POOL_MAX: values.pool } : {});
  let server: Server | null = null;
  try {
    server = await startServer({ env, cpuProfileDir: values["cpu-prof"] });
    const utterance = await synthesizeWav("I'd like a quote for a new kitchen, please.");
    const ctx: Ctx = {
      port: server.port,
      slug: await createCampaign(server.port),
      wav: wavFile(utterance),
      utteranceMs: utterance.durationMs,
      dbUrl: db.url,
    };
    const warmupTurns = await warmUp(ctx, log);
    const head = {
      benchmark: values.soak ? "pipeline soak" : "pipeline",
      profile: "../shared/BENCH.md (provider floor 430 ms; first-clause floor 490 ms)",
      database: db.kind,
      node: process.version,
      server_idle_cpu_ms_per_s: await idleCpu(server),
      database_pool_max: env.DATABASE_POOL_MAX ?? "default",
      warmup_turns: warmupTurns,
    };
    const result = values.soak
      ? await runSoak(ctx, server, log)
      : await runLevels(ctx, server, log, head.server_idle_cpu_ms_per_s);
    console.log(JSON.stringify({ ...head, ...result }, null, 2));
  } finally {
    await server?.stop();
    standIns.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
