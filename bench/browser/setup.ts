// The browser bench's server side: one production build, reused with --skip-build, the
// environment `next start` runs with against the profile's stand-ins (as bench/pipeline.ts),
// and the Deepgram stand-in's fixed address (see forward.ts).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Where the server and the page reach Deepgram: forwarded to the stand-in's free port. */
export const DEEPGRAM_PORT = Number(process.env.BENCH_DEEPGRAM_PORT ?? 3899);
export const DEEPGRAM_URL = `http://127.0.0.1:${DEEPGRAM_PORT}`;
const LIVE_ORIGIN = `ws://127.0.0.1:${DEEPGRAM_PORT}`;

/** The build's CSP names the live websocket's origin (the streaming path needs it). */
function buildAllowsLive(root: string) {
  try {
    return readFileSync(path.join(root, ".next", "routes-manifest.json"), "utf8").includes(
      LIVE_ORIGIN,
    );
  } catch {
    return false;
  }
}

export function buildOnce(
  root: string,
  opts: { skip: boolean; needLive: boolean },
  log: (line: string) => void,
) {
  if (opts.skip && existsSync(path.join(root, ".next", "BUILD_ID"))) {
    if (!opts.needLive || buildAllowsLive(root)) return;
    log(`the build's CSP does not allow ${LIVE_ORIGIN}: building again`);
  }
  log("building (next build; --skip-build reuses it next time)…");
  // Built as a deploy with Deepgram as its STT would be (the CSP's connect-src is fixed at build
  // time), pointed at the stand-in's fixed address; no database.
  const { DATABASE_URL: _omit, ...env } = process.env;
  execFileSync("npm", ["run", "build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...env,
      STT_PROVIDER: "deepgram",
      DEEPGRAM_API_KEY: "bench-build",
      DEEPGRAM_BASE_URL: DEEPGRAM_URL,
    },
  });
}

/** Starts the forwarder (forward.ts) to the Deepgram stand-in. */
export async function forwardDeepgram(target: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "bench/browser/forward.ts", String(DEEPGRAM_PORT), target],
    { stdio: ["ignore", "pipe", "inherit", "ipc"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) =>
      reject(new Error(`the forwarder on ${DEEPGRAM_PORT} exited (${code}): BENCH_DEEPGRAM_PORT`)),
    );
  });
  return { stop: () => void child.kill("SIGTERM") };
}

/** The streaming path needs the live Deepgram stand-in and the page's streaming client. */
export function streamingAvailable(root = process.cwd()) {
  return ["tests/stand-ins/deepgram-live.ts", "lib/call-client/live-stt.ts"].every((f) =>
    existsSync(path.join(root, f)),
  );
}
