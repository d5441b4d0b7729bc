// npm run bench:pipeline — time to first audio and pipeline overhead on the shared latency
// profile (../shared/BENCH.md), against the production build.
//
// Starts the stand-ins with the profile's latencies (Deepgram STT: transcript 200 ms after the
// upload; OpenAI: first token 150 ms then one every 15 ms, 40 tokens with a comma at 5 and a
// full stop at 14; OpenAI TTS: first byte 80 ms, then 100 ms of audio every 10 ms), starts
// `next start` pointed at them, and drives simulated callers that each start a call and
// upload a WAV utterance per turn. For each concurrency level it prints, in one JSON object:
// time to first audio (end of upload → first audio byte received) p50/p95/p99, pipeline
// overhead = time to first audio − (STT + LLM time to the first piece sent to TTS + TTS
// first byte, as the server measured them) p50/p95/p99, turns/s, errors and server RSS.
//
// Options: --levels 1,50,200  --turns 30,4,2 (turns per caller, per level)  --skip-build
//   --pace none    callers send their next utterance as soon as a reply is done (a stress test)
//   --pace listen  callers listen to the whole reply, then speak for the utterance's length
//                  before it is uploaded, as a person on a call would
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { connectPostgres } from "@/lib/db/client";
import { migrateUp } from "@/lib/db/migrator";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import { wavFile } from "../tests/helpers/wav";

const { values } = parseArgs({
  options: {
    levels: { type: "string", default: "1,50,200" },
    turns: { type: "string", default: "30,4,2" },
    "skip-build": { type: "boolean", default: false },
    pace: { type: "string", default: "none" },
    help: { type: "boolean", short: "h" },
  },
});
if (!["none", "listen"].includes(values.pace)) {
  console.error("--pace is none or listen");
  process.exit(2);
}
if (values.help) {
  console.log(
    readFileSync(new URL(import.meta.url), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("//"))
      .join("\n"),
  );
  process.exit(0);
}
const levels = values.levels.split(",").map(Number);
const turnsPerCaller = values.turns.split(",").map(Number);

const AUDIO_MARK = Buffer.from('"type":"audio"');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

interface Res {
  status: number;
  body: string;
}

function request(
  port: number,
  p: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: p,
        method: init.method ?? "GET",
        headers: init.headers,
        agent,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

interface TurnSample {
  ttfa: number;
  overhead: number;
  /** Length of the reply's audio. */
  audioMs: number;
  marks: { sttMs: number; llmFirstChunkMs: number; ttsFirstByteMs: number };
}

/** One WAV turn: the clock starts when the upload has been handed to the socket. */
function audioTurn(
  port: number,
  token: string,
  ip: string,
  wav: Uint8Array,
  idempotencyKey: string,
): Promise<TurnSample> {
  const boundary = `----vx${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="u.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
    ),
    Buffer.from(wav),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    let uploaded = 0;
    let firstAudio = 0;
    let tail = Buffer.alloc(0);
    let done: {
      turn: {
        audioMs: number;
        marks: { sttMs: number; llmFirstChunkMs: number; ttsFirstByteMs: number };
      };
    } | null = null;
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/voice/turn",
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": body.length,
          "x-forwarded-for": ip,
          "idempotency-key": idempotencyKey,
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`turn answered ${res.statusCode}`));
        }
        // Scan bytes for the first audio event; keep only the tail, where the done event is.
        res.on("data", (chunk: Buffer) => {
          if (!firstAudio && chunk.includes(AUDIO_MARK)) firstAudio = performance.now();
          tail = Buffer.concat([tail, chunk]).subarray(-8192);
        });
        res.on("end", () => {
          const last = tail.toString("utf8").trimEnd().split("\n").at(-1) ?? "";
          if (last.includes('"type":"done"')) done = JSON.parse(last);
          if (!firstAudio || !done) return reject(new Error("turn ended without audio or done"));
          const ttfa = firstAudio - uploaded;
          const m = done.turn.marks;
          resolve({
            ttfa,
            overhead: ttfa - (m.sttMs + m.llmFirstChunkMs + m.ttsFirstByteMs),
            marks: m,
            audioMs: done.turn.audioMs,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(body, () => {
      uploaded = performance.now();
    });
  });
}

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return (
    Math.round(
      sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10,
    ) / 10
  );
};
const summary = (xs: number[]) => ({
  p50: percentile(xs, 50),
  p95: percentile(xs, 95),
  p99: percentile(xs, 99),
});

function rssMb(pid: number) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

async function main() {
  const root = process.cwd();
  if (!values["skip-build"] || !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.error("building…");
    // Built with no service configured, as a deploy would be built without the bench's stand-ins.
    const { DATABASE_URL: _omit, ...buildEnv } = process.env;
    execFileSync("npm", ["run", "build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: buildEnv,
    });
  }

  const standIns = spawn(process.execPath, ["--import", "tsx", "bench/stand-ins.ts"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const { openai, deepgram } = await new Promise<{
    openai: { url: string; apiKey: string };
    deepgram: { url: string; apiKey: string };
  }>((resolve, reject) => {
    standIns.stdout!.once("data", (line) => resolve(JSON.parse(String(line))));
    standIns.once("exit", (code) => reject(new Error(`stand-ins exited with ${code}`)));
  });

  // Postgres when there is one (as in production); otherwise the embedded PGlite.
  let database = "pglite";
  let dropDb: (() => Promise<void>) | null = null;
  const dataDir = await mkdtemp(path.join(tmpdir(), "voxline-bench-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    VOXLINE_DATA_DIR: dataDir,
    OPENAI_API_KEY: openai.apiKey,
    OPENAI_BASE_URL: openai.url,
    DEEPGRAM_API_KEY: deepgram.apiKey,
    DEEPGRAM_BASE_URL: deepgram.url,
    STT_PROVIDER: "deepgram",
    LLM_PROVIDER: "openai",
    TTS_PROVIDER: "openai",
  };
  if (process.env.DATABASE_URL) {
    const name = `voxline_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const db = connectPostgres(url.toString(), 1);
    await migrateUp(db.db);
    await db.close();
    env.DATABASE_URL = url.toString();
    database = "postgres";
    dropDb = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }

  const port = 3900 + Math.floor(Math.random() * 90);
  // BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of the server, to find where time goes.
  const profile = process.env.BENCH_PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const server: ChildProcess = spawn(
    process.execPath,
    [...profile, "node_modules/next/dist/bin/next", "start", "-p", String(port)],
    {
      cwd: root,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const stop = async () => {
    server.kill("SIGTERM");
    standIns.kill("SIGTERM");
    await dropDb?.();
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    for (let i = 0; ; i++) {
      const ok = await request(port, "/sign-in", {}).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (i > 120) throw new Error("next start did not come up");
      await new Promise((r) => setTimeout(r, 500));
    }

    // An owner and an active campaign, through the API.
    const signUp = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/api/auth/sign-up",
          method: "POST",
          headers: { "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          const cookie = res.headers["set-cookie"]
            ?.find((c) => c.startsWith("vx_session="))
            ?.split(";")[0];
          cookie ? resolve(cookie) : reject(new Error(`sign-up answered ${res.statusCode}`));
        },
      );
      req.end(
        JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: "bench password 1" }),
      );
    });
    const headers = { "content-type": "application/json", cookie: signUp };
    const { defaultCampaignInput } = await import("@/lib/validations/campaign");
    const created = await request(port, "/api/campaigns", {
      method: "POST",
      headers,
      body: JSON.stringify({ ...defaultCampaignInput(), name: "Bench" }),
    });
    const campaign = JSON.parse(created.body).campaign;
    await request(port, `/api/campaigns/${campaign.id}/status`, {
      method: "POST",
      headers,
      body: JSON.stringify({ status: "active" }),
    });

    const utterance = await synthesizeWav("I'd like a quote for a new kitchen, please.");
    const wav = wavFile(utterance);
    const utteranceMs = utterance.durationMs;
    let callerId = 0;
    const runCaller = async (turns: number, samples: TurnSample[], errors: string[]) => {
      const ip = `2001:db8::${(++callerId).toString(16)}`;
      // Real callers do not all dial in the same millisecond.
      if (values.pace === "listen") await new Promise((r) => setTimeout(r, Math.random() * 5_000));
      const start = await request(port, "/api/calls", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": ip },
        body: JSON.stringify({ campaignSlug: campaign.publicSlug }),
      });
      if (start.status !== 201) return void errors.push(`start ${start.status}`);
      const token = JSON.parse(start.body).callToken as string;
      for (let t = 0; t < turns; t++) {
        try {
          // A keep-alive socket the server closed while the caller was listening resets on
          // reuse; like a real client, retry once with the same Idempotency-Key.
          const key = `${ip}-${t}`;
          const sample = await audioTurn(port, token, ip, wav, key).catch((error) =>
            String(error).includes("ECONNRESET")
              ? audioTurn(port, token, ip, wav, key)
              : Promise.reject(error),
          );
          samples.push(sample);
          // A person hears the reply out, then speaks the next utterance before it is sent.
          if (values.pace === "listen")
            await new Promise((r) => setTimeout(r, sample.audioMs + utteranceMs));
        } catch (error) {
          errors.push(String(error));
        }
      }
    };

    // Warm the server (JIT, connections, first-request compilation) before measuring.
    await runCaller(5, [], []);

    const result: Record<string, unknown> = {};
    for (const [i, concurrency] of levels.entries()) {
      const turns = turnsPerCaller[i] ?? turnsPerCaller.at(-1)!;
      const samples: TurnSample[] = [];
      const errors: string[] = [];
      let peakRss = rssMb(server.pid!) ?? 0;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, rssMb(server.pid!) ?? 0);
      }, 100);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, () => runCaller(turns, samples, errors)),
      );
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      result[`concurrency_${concurrency}`] = {
        turns: samples.length,
        time_to_first_audio_ms: summary(samples.map((s) => s.ttfa)),
        pipeline_overhead_ms: summary(samples.map((s) => s.overhead)),
        // The provider stages as the server timed them (profile: 200 / 210 / 80 ms).
        stage_ms_p50: {
          stt: percentile(
            samples.map((s) => s.marks.sttMs),
            50,
          ),
          llm_to_first_piece: percentile(
            samples.map((s) => s.marks.llmFirstChunkMs),
            50,
          ),
          tts_first_byte: percentile(
            samples.map((s) => s.marks.ttsFirstByteMs),
            50,
          ),
        },
        turns_per_second: Math.round((samples.length / seconds) * 10) / 10,
        errors: errors.length,
        error_examples: [...new Set(errors)].slice(0, 3),
        server_rss_mb_peak: peakRss,
      };
    }
    console.log(
      JSON.stringify(
        {
          benchmark: "pipeline",
          profile: "../shared/BENCH.md (provider floor 430 ms; first-clause floor 490 ms)",
          database,
          pace: values.pace,
          node: process.version,
          ...result,
        },
        null,
        2,
      ),
    );
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
