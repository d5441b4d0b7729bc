// The stand-ins on the shared latency profile (../shared/BENCH.md), answering tagged turns
// (turn-tag.ts) so their timings can be matched to the caller's turn. With a sink, every
// tagged request's timing as the stand-in saw it goes there.

import { startDeepgramStandIn } from "../tests/stand-ins/deepgram";
import type { RequestTiming, TimingCapture } from "../tests/stand-ins/http";
import { BENCH_SPEECH, BENCH_TOKENS, startOpenAiStandIn } from "../tests/stand-ins/openai";
import { audioTag, findTextTag, textTag } from "./turn-tag";

export const UTTERANCE = "I'd like a quote for a new kitchen, please.";

export async function startProfileStandIns(sink?: (timing: RequestTiming) => void) {
  const capture = (tag: TimingCapture["tag"]): TimingCapture | undefined =>
    sink ? { tag, sink } : undefined;
  const [deepgram, openai] = await Promise.all([
    startDeepgramStandIn({
      transcriptMs: 200,
      transcribe: (audio) => {
        const tag = audioTag(audio);
        return tag ? `${UTTERANCE}${textTag(tag)}` : UTTERANCE;
      },
      timing: capture((c) => (Buffer.isBuffer(c) ? audioTag(c) : null)),
    }),
    startOpenAiStandIn({
      firstTokenMs: 150,
      tokenEveryMs: 15,
      reply: (req) => {
        const last = req.messages.findLast((m) => m.role === "user")?.content ?? "";
        const tag = findTextTag(last);
        if (!tag) return { tokens: BENCH_TOKENS };
        return { tokens: [`${BENCH_TOKENS[0]}${textTag(tag)}`, ...BENCH_TOKENS.slice(1)] };
      },
      speech: BENCH_SPEECH,
      timing: capture((c) => findTextTag(String(c))),
    }),
  ]);
  return { deepgram, openai };
}
