// The profile's stand-ins (profile-stand-ins.ts) in a process of their own, so the simulated
// callers' work does not delay them. Prints their URLs as one JSON line. With an IPC channel
// (the bench spawns it so), the tagged requests' timings are sent to the bench in batches.
import type { RequestTiming } from "../tests/stand-ins/http";
import { startProfileStandIns } from "./profile-stand-ins";

// Batched: one IPC message per 50 ms instead of one per request.
let pending: RequestTiming[] = [];
const flush = setInterval(() => {
  if (pending.length) process.send?.(pending);
  pending = [];
}, 50);

const { deepgram, openai } = await startProfileStandIns(
  process.send ? (t) => void pending.push(t) : undefined,
);
console.log(
  JSON.stringify({
    openai: { url: openai.url, apiKey: openai.apiKey },
    deepgram: { url: deepgram.url, apiKey: deepgram.apiKey },
  }),
);
const stop = async () => {
  clearInterval(flush);
  await Promise.all([deepgram.close(), openai.close()]);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("disconnect", stop);
