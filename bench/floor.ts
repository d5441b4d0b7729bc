// npm run bench:floor — what one turn costs in CPU before any of Voxline's own code runs: the
// floor under bench:pipeline's cpu_ms_per_turn. Prints, as the last line, one JSON object:
//   next_request_cpu_ms   server CPU (process.cpuUsage, via bench/server-probe.mjs) of a request
//                         `next start` answers at once: an /api path the proxy refuses (404:
//                         Next.js's own floor), and the turn route refusing a WAV-sized upload
//                         with a bad call token (401: the app's route wrapper, rate limit and
//                         auth run too)
//   sdk_cpu_ms            this process's CPU for one call of each vendor SDK as the turn path
//                         makes it (lib/voice/providers), on the shared profile's stand-ins
//                         (../shared/BENCH.md; the stand-ins run in a child process): Deepgram
//                         STT of the bench utterance, an OpenAI chat stream of the profile's 40
//                         tokens, and OpenAI speech of one piece (1 s of audio)
//   tts_pieces_per_turn   how many TTS requests the profile's reply makes (lib/voice/chunker.ts)
//   turn_floor_cpu_ms     the proxy's 404 + STT + LLM + TTS × pieces
//
// Options: --runs N (per measurement, default 300)  --concurrency N (default 10)
//   --skip-build (reuse .next)
// Uses Postgres when DATABASE_URL is set (a scratch database), otherwise PGlite.
import { parseArgs } from "node:util";
import { campaignInputSchema, defaultCampaignInput } from "@/lib/validations/campaign";
import { parseWav } from "@/lib/voice/audio";
import { SpeechChunker } from "@/lib/voice/chunker";
import { openAiClient, openAiLlm } from "@/lib/voice/providers/llm/openai";
import { deepgramStt } from "@/lib/voice/providers/stt/deepgram";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import { openAiTts } from "@/lib/voice/providers/tts/openai";
import { wavFile } from "../tests/helpers/wav";
import { BENCH_TOKENS } from "../tests/stand-ins/openai";
import { request } from "./caller";
import { UTTERANCE } from "./profile-stand-ins";
import {
  buildApp,
  printHelpAndExit,
  scratchDatabase,
  serverEnv,
  startServer,
  startStandIns,
} from "./server";
import { sleep } from "./stats";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "300" },
    concurrency: { type: "string", default: "10" },
    "skip-build": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) printHelpAndExit(import.meta.url);
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);

const hundredths = (x: number) => Math.round(x * 100) / 100;

/** RUNS runs of `op`, CONCURRENCY at a time. */
async function runAll(op: (i: number) => Promise<unknown>, from: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < RUNS) await op(from + next++);
    }),
  );
}

/** CPU ms per run of `op`, after as many runs again to warm the JIT up. */
async function cpuPerRun(op: (i: number) => Promise<unknown>, cpuMs: () => Promise<number>) {
  await runAll(op, 0);
  const before = await cpuMs();
  await runAll(op, RUNS);
  return hundredths(((await cpuMs()) - before) / RUNS);
}

const ownCpuMs = async () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function sdkFloor(standIns: Awaited<ReturnType<typeof startStandIns>>) {
  const stt = deepgramStt(standIns.deepgram.apiKey, standIns.deepgram.url);
  const client = openAiClient(standIns.openai.apiKey, standIns.openai.url, 10_000);
  const llm = openAiLlm(client, "gpt-4o-mini");
  const tts = openAiTts(client);
  const bytes = wavFile(await synthesizeWav(UTTERANCE));
  const audio = { bytes, wav: parseWav(bytes) };
  const signal = () => new AbortController().signal;
  // The new-campaign defaults, as the dashboard's form starts them.
  const campaign = campaignInputSchema.parse({ ...defaultCampaignInput(), name: "Bench" });
  const { flowConfig: flow, voiceSettings: voice } = campaign;
  const history = [{ role: "caller" as const, text: UTTERANCE }];
  return {
    stt_deepgram: await cpuPerRun(
      () => stt.transcribe(audio, { language: "en", signal: signal() }),
      ownCpuMs,
    ),
    llm_openai_stream: await cpuPerRun(async () => {
      const input = { campaignName: campaign.name, flow, history };
      for await (const _event of llm.stream(input, signal()));
    }, ownCpuMs),
    tts_openai_piece: await cpuPerRun(async () => {
      for await (const _chunk of tts.synthesize(
        "Thanks for calling, how can I help?",
        voice,
        signal(),
      ));
    }, ownCpuMs),
  };
}

/** How many TTS requests the profile's 40-token reply makes. */
function ttsPieces() {
  const chunker = new SpeechChunker();
  const pieces = BENCH_TOKENS.flatMap((token) => chunker.push(token));
  return pieces.length + (chunker.flush() ? 1 : 0);
}

async function nextFloor(
  standIns: Awaited<ReturnType<typeof startStandIns>>,
  dbUrl: string | null,
) {
  const server = await startServer({ env: serverEnv(standIns, dbUrl) });
  try {
    const cpuMs = async () => (await server.probe()).cpuMs;
    const body = Buffer.from(wavFile(await synthesizeWav(UTTERANCE)));
    const measure = async (op: (i: number) => Promise<{ status: number }>, expect: number) => {
      let seen = 0;
      const run = async (i: number) => {
        seen = (await op(i)).status;
      };
      await runAll(run, 0);
      // The server's own burn with no request (timers; PGlite's background work) is not the
      // requests': measured once warm, and taken off.
      const idleFrom = await cpuMs();
      await sleep(2_000);
      const idlePerMs = ((await cpuMs()) - idleFrom) / 2_000;
      const before = await cpuMs();
      const started = performance.now();
      await runAll(run, RUNS);
      const busy = (await cpuMs()) - before - idlePerMs * (performance.now() - started);
      if (seen !== expect) throw new Error(`expected ${expect}, got ${seen}`);
      return hundredths(Math.max(0, busy) / RUNS);
    };
    return {
      proxy_404: await measure(() => request(server.port, "/api/no-such-route"), 404),
      turn_route_401: await measure(
        (i) =>
          request(server.port, "/api/voice/turn", {
            method: "POST",
            body,
            headers: {
              "content-type": "audio/wav",
              authorization: "Bearer not-a-call-token",
              // A caller of its own each time, so the rate limit does not answer first.
              "x-forwarded-for": `2001:db8::${(i + 1).toString(16)}`,
            },
          }),
        401,
      ),
    };
  } finally {
    await server.stop();
  }
}

buildApp(values["skip-build"]);
const db = await scratchDatabase();
const standIns = await startStandIns(() => {});
try {
  const next = await nextFloor(standIns, db.url);
  const sdk = await sdkFloor(standIns);
  const pieces = ttsPieces();
  console.log(
    JSON.stringify({
      benchmark: "floor",
      database: db.kind,
      node: process.version,
      runs: RUNS,
      concurrency: CONCURRENCY,
      next_request_cpu_ms: next,
      sdk_cpu_ms: sdk,
      tts_pieces_per_turn: pieces,
      turn_floor_cpu_ms: hundredths(
        next.proxy_404 + sdk.stt_deepgram + sdk.llm_openai_stream + sdk.tts_openai_piece * pieces,
      ),
    }),
  );
} finally {
  standIns.stop();
  await db.drop();
}
process.exit(0);
