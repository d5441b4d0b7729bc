// Overhead against the stand-ins' own clocks. For a turn, the provider time is what the
// stand-ins spent: STT (request arrived → transcript sent) + LLM (request arrived → the token
// that completed the first speech piece sent) + TTS (request arrived → first byte sent).
// Overhead = time to first audio at the caller − that provider time, so a request that waits
// inside a busy server before it reaches a provider counts as overhead, not provider latency.
// The overhead splits exactly into four waits (epoch ms, one clock on one machine):
//   to_stt      upload sent → STT request arrived   (reading the upload, call load, queueing)
//   stt_to_llm  transcript sent → LLM request arrived
//   llm_to_tts  first piece's last token sent → TTS request arrived
//   tts_to_caller  TTS first byte → first audio byte at the caller
import type { RequestTiming } from "../tests/stand-ins/http";
import { BENCH_TOKENS } from "../tests/stand-ins/openai";
import type { TurnSample } from "./caller";
import { percentile, summary } from "./stats";
import { stripTags } from "./turn-tag";

interface Seen {
  stt?: RequestTiming;
  llm?: RequestTiming;
  tts?: RequestTiming;
}

export interface TurnOverhead {
  overhead: number;
  provider: { stt: number; llm: number; tts: number };
  waits: { to_stt: number; stt_to_llm: number; llm_to_tts: number; tts_to_caller: number };
}

const STAGE: Record<string, keyof Seen> = {
  "/v1/listen": "stt",
  "/v1/chat/completions": "llm",
  "/v1/audio/speech": "tts",
};

/** The index of the reply token that completes `piece` (the text sent to TTS). */
function pieceEnd(piece: string): number {
  const want = stripTags(piece).trim().length;
  let text = "";
  for (const [i, token] of BENCH_TOKENS.entries()) {
    text += token;
    if (text.trim().length >= want) return i;
  }
  return BENCH_TOKENS.length - 1;
}

export class StandInLog {
  private seen = new Map<string, Seen>();

  add(batch: RequestTiming[]) {
    for (const t of batch) {
      const stage = STAGE[t.path];
      if (!stage || !t.tag) continue;
      const entry = this.seen.get(t.tag) ?? {};
      // The first TTS request of a turn is its first piece (later pieces carry no tag).
      if (stage !== "tts" || !entry.tts || t.receivedAt < entry.tts.receivedAt) entry[stage] = t;
      this.seen.set(t.tag, entry);
    }
  }

  /** The turn's overhead, or null when a stand-in never saw one of its stages. */
  take(sample: TurnSample): TurnOverhead | null {
    const s = this.seen.get(sample.tag);
    this.seen.delete(sample.tag);
    const { stt, llm, tts } = s ?? {};
    if (!stt?.firstByteAt || !llm?.tokenAt?.length || !tts?.firstByteAt) return null;
    const pieceSentAt = llm.tokenAt[Math.min(pieceEnd(tts.text ?? ""), llm.tokenAt.length - 1)]!;
    const provider = {
      stt: stt.firstByteAt - stt.receivedAt,
      llm: pieceSentAt - llm.receivedAt,
      tts: tts.firstByteAt - tts.receivedAt,
    };
    return {
      overhead: sample.ttfa - provider.stt - provider.llm - provider.tts,
      provider,
      waits: {
        to_stt: stt.receivedAt - sample.uploadedAt,
        stt_to_llm: llm.receivedAt - stt.firstByteAt,
        llm_to_tts: tts.receivedAt - pieceSentAt,
        tts_to_caller: sample.firstAudioAt - tts.firstByteAt,
      },
    };
  }
}

const p50p99 = (xs: number[]) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99) });

/** The overhead columns of a level's report. */
export function overheadReport(samples: TurnSample[], log: StandInLog) {
  const rows = samples
    .map((s) => log.take(s))
    .filter((r, i): r is TurnOverhead => r !== null && !samples[i]!.holdingFirst);
  const col = <K extends keyof TurnOverhead>(k: K, f: keyof TurnOverhead[K]) =>
    rows.map((r) => r[k][f] as number);
  return {
    overhead_ms: summary(rows.map((r) => r.overhead)),
    overhead_matched_turns: rows.length,
    // Turns whose first audio was the engine's holding phrase (left out of the overhead).
    holding_phrase_first_turns: samples.filter((s) => s.holdingFirst).length,
    overhead_waits_ms: {
      to_stt: p50p99(col("waits", "to_stt")),
      stt_to_llm: p50p99(col("waits", "stt_to_llm")),
      llm_to_tts: p50p99(col("waits", "llm_to_tts")),
      tts_to_caller: p50p99(col("waits", "tts_to_caller")),
    },
    // The profile: 200 (+ upload) / 210 (first clause) / 80 ms.
    provider_ms_p50_standin: {
      stt: percentile(col("provider", "stt"), 50),
      llm_to_first_piece: percentile(col("provider", "llm"), 50),
      tts_first_byte: percentile(col("provider", "tts"), 50),
    },
    provider_ms_p50_server: {
      stt: percentile(
        samples.map((s) => s.marks.sttMs),
        50,
      ),
      llm_to_first_piece: percentile(
        samples.map((s) => s.marks.llmFirstChunkMs ?? 0),
        50,
      ),
      tts_first_byte: percentile(
        samples.map((s) => s.marks.ttsFirstByteMs ?? 0),
        50,
      ),
    },
  };
}
