import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import { hasChromium } from "../tests/e2e/support/chromium";
import { wavFile } from "../tests/helpers/wav";
import { runBrowserCall } from "./browser/call";
import { type BrowserTurn, markdownTables, type PathName, pathReport } from "./browser/report";
import { buildOnce, DEEPGRAM_URL, forwardDeepgram, streamingAvailable } from "./browser/setup";
import { audioTurnWithRetry, createCampaign, startCall } from "./caller";
import { UTTERANCE } from "./profile-stand-ins";
import { printHelpAndExit, scratchDatabase, serverEnv, startServer, startStandIns } from "./server";
import { round } from "./stats";

const { values } = parseArgs({
  options: {
    path: { type: "string", default: "both" },
    calls: { type: "string", default: "3" },
    turns: { type: "string", default: "8" },
    gap: { type: "string", default: "7" },
    "skip-build": { type: "boolean", default: false },
    "json-only": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) printHelpAndExit(import.meta.url);
const paths: PathName[] =
  values.path === "both" ? ["wav", "stream"] : ([values.path] as PathName[]);
if (!paths.every((p) => p === "wav" || p === "stream")) {
  console.error("--path is wav, stream or both");
  process.exit(2);
}
if (paths.includes("stream") && !streamingAvailable()) {
  console.error(
    "streaming path not available: this version has no live Deepgram stand-in " +
      "(tests/stand-ins/deepgram-live.ts) or no browser streaming (lib/call-client/live-stt.ts); " +
      "run --path wav",
  );
  process.exit(3);
}

const CALLS = Number(values.calls);
const TURNS = Number(values.turns);
const GAP_S = Number(values.gap);
/** Before the first utterance: the VAD's model loads and the greeting plays. */
const LEAD_S = 5;
const log = (line: string) => console.error(line);

/** The fake microphone's file: LEAD_S of silence, then each utterance followed by GAP_S. */
async function writeMic(file: string) {
  const rate = 22_050;
  const speech = await synthesizeWav(UTTERANCE);
  if (speech.sampleRate !== rate) throw new Error(`expected ${rate} Hz, got ${speech.sampleRate}`);
  const silence = (s: number) => Buffer.alloc(Math.round(s * rate) * 2);
  const parts = [silence(LEAD_S)];
  for (let i = 0; i < TURNS; i++) parts.push(Buffer.from(speech.data), silence(GAP_S));
  const data = Buffer.concat(parts);
  await writeFile(file, wavFile({ data, sampleRate: rate }));
  return { utteranceMs: speech.durationMs, micMs: (data.length / 2 / rate) * 1000 };
}

type Server = Awaited<ReturnType<typeof startServer>>;

/** JIT, the database and the routes' first requests, before anything is measured. */
async function warmUp(port: number, slug: string, wav: Uint8Array) {
  const token = await startCall(port, slug, "2001:db8::ffff");
  for (let t = 0; t < 5; t++)
    await audioTurnWithRetry(port, { token, ip: "2001:db8::ffff" }, wav, `warm-${t}`);
}

async function runPath(
  p: PathName,
  server: Server,
  slug: string,
  mic: { file: string; micMs: number },
) {
  const turns: BrowserTurn[] = [];
  const before = await server.probe("reset");
  for (let c = 1; c <= CALLS; c++) {
    const started = Date.now();
    const got = await runBrowserCall({
      baseUrl: `http://127.0.0.1:${server.port}`,
      slug,
      micFile: mic.file,
      utterances: TURNS,
      micMs: mic.micMs,
      path: p,
      call: c,
      ip: `2001:db8:${p === "wav" ? 1 : 2}::${c.toString(16)}`,
      log,
    });
    turns.push(...got);
    log(
      `${p} call ${c}/${CALLS}: ${got.length} turns in ${Math.round((Date.now() - started) / 1000)} s, ` +
        `VAD end → first sound ${got.map((t) => Math.round(t.speechEndToSoundMs)).join(", ")} ms`,
    );
  }
  const after = await server.probe();
  return {
    turns,
    cpuMsPerTurn: turns.length ? round((after.cpuMs - before.cpuMs) / turns.length) : null,
  };
}

async function main() {
  buildOnce(process.cwd(), { skip: values["skip-build"], needLive: paths.includes("stream") }, log);
  const standIns = await startStandIns(() => {});
  const forwarder = await forwardDeepgram(standIns.deepgram.url).catch((error) => {
    standIns.stop();
    throw error;
  });
  const db = await scratchDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), "voxline-bench-browser-"));
  let server: Server | null = null;
  try {
    server = await startServer({
      env: serverEnv(standIns, db.url, { DEEPGRAM_BASE_URL: DEEPGRAM_URL }),
    });
    const slug = await createCampaign(server.port);
    const utterance = await synthesizeWav(UTTERANCE);
    await warmUp(server.port, slug, wavFile(utterance));
    const mic = { file: path.join(dir, "mic.wav"), ...(await writeMic(path.join(dir, "mic.wav"))) };
    log(
      `fake mic: ${TURNS} × "${UTTERANCE}" (${Math.round(mic.utteranceMs)} ms) with ${GAP_S} s gaps, ` +
        `${Math.round(mic.micMs / 1000)} s per call`,
    );
    const all: BrowserTurn[] = [];
    const cpu: Record<string, number | null> = {};
    const load: Record<string, number[]> = {};
    for (const p of paths) {
      const before = loadavg()[0]!;
      const r = await runPath(p, server, slug, mic);
      all.push(...r.turns);
      cpu[p] = r.cpuMsPerTurn;
      // The machine's 1-minute load average before and after: how noisy the figures are.
      load[p] = [round(before), round(loadavg()[0]!)];
    }
    const reports = paths.map((p) => pathReport(p, all));
    if (!values["json-only"]) {
      const loads = paths.map((p) => `${p} ${load[p]!.join(" → ")}`).join(", ");
      console.log(`\nBrowser turns on the shared profile (p50 / p95 ms; load average ${loads}):\n`);
      console.log(markdownTables(reports));
      console.log(
        "\nprovider floor 430 ms (WAV), 280 ms (live STT), 340 ms at the first clause; " +
          "server first audio counts from the route having the request.\n",
      );
    }
    console.log(
      JSON.stringify({
        benchmark: "browser",
        profile: "../shared/BENCH.md",
        database: db.kind,
        node: process.version,
        turn_taking: "balanced (VAD end of speech after 800 ms of silence)",
        calls_per_path: CALLS,
        utterances_per_call: TURNS,
        server_cpu_ms_per_turn: cpu,
        machine_load_1m: load,
        paths: Object.fromEntries(reports.map((r) => [r.path, r])),
      }),
    );
    if (reports.some((r) => r.turns < Math.min(20, CALLS * TURNS)))
      log("fewer turns than asked: see the lines above");
  } finally {
    await server?.stop();
    standIns.stop();
    forwarder.stop();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (!hasChromium) {
  console.error("Chromium is missing: apt-get install -y chromium");
  process.exit(2);
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
