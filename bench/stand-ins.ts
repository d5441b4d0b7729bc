// The stand-ins on the shared latency profile (../shared/BENCH.md), in a process of their own
// so the simulated callers' work does not delay them. Prints their URLs as one JSON line.
import { startDeepgramStandIn } from "../tests/stand-ins/deepgram";
import { BENCH_SPEECH, BENCH_TOKENS, startOpenAiStandIn } from "../tests/stand-ins/openai";

const [deepgram, openai] = await Promise.all([
  startDeepgramStandIn({
    transcriptMs: 200,
    transcribe: () => "I'd like a quote for a new kitchen, please.",
  }),
  startOpenAiStandIn({
    firstTokenMs: 150,
    tokenEveryMs: 15,
    reply: () => ({ tokens: BENCH_TOKENS }),
    speech: BENCH_SPEECH,
  }),
]);
console.log(
  JSON.stringify({
    openai: { url: openai.url, apiKey: openai.apiKey },
    deepgram: { url: deepgram.url, apiKey: deepgram.apiKey },
  }),
);
process.on("SIGTERM", async () => {
  await Promise.all([deepgram.close(), openai.close()]);
  process.exit(0);
});
