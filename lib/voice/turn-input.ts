// Parses a turn request: JSON { text } (with audioMs when the browser transcribed it) or
// { idle: true }, or multipart with a WAV utterance (and, when the server has no STT, the
// browser's transcript of it). Content types match exactly; limits answer 413, wrong types
// 415; text goes through the same checks as every route's (lib/http/parse: no NUL).
import { z } from "zod";
import { AppError, fromZod } from "@/lib/errors";
import { isMediaType, parseInput, readJsonValue } from "@/lib/http/parse";
import { parseWav, type Wav } from "./audio";
import type { CallerInput } from "./engine/context";

export const MAX_AUDIO_BYTES = 2 * 1024 * 1024;
export const MAX_AUDIO_MS = 30_000;
/** The most caller text one turn takes, typed or transcribed (a phone turn is cut to it). */
export const MAX_TEXT = 2000;

const textSchema = z.strictObject({
  text: z
    .string("Send the caller's words as text")
    .trim()
    .min(1, "Say something first")
    .max(MAX_TEXT),
  /** Set when the browser transcribed the audio (streaming STT): priced as STT seconds. */
  audioMs: z.number().int().min(0).max(MAX_AUDIO_MS).optional(),
});
/** The caller has been silent for the campaign's idle time. */
const idleSchema = z.strictObject({ idle: z.literal(true) });
const idempotencySchema = z
  .string()
  .regex(/^[\w.:-]{1,200}$/, "Idempotency-Key: 1-200 letters, digits, . : _ or -");
const transcriptSchema = z
  .string()
  .trim()
  .max(MAX_TEXT, `transcript: at most ${MAX_TEXT} characters`);

export interface TurnRequestInput {
  text?: string;
  audioMs?: number;
  idle?: true;
  audio?: { bytes: Uint8Array; wav: Wav };
  transcript?: string;
}

/** "audio/wav; codecs=1" → "audio/wav": parameters allowed, the type itself matched exactly. */
const baseType = (type: string) => type.split(";", 1)[0]!.trim().toLowerCase();

const tooLarge = (what: string) => new AppError("payload_too_large", what, 413);

export function readIdempotencyKey(req: Request): string | undefined {
  const raw = req.headers.get("idempotency-key");
  if (raw === null) return undefined;
  const parsed = idempotencySchema.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

export async function readTurnInput(req: Request): Promise<TurnRequestInput> {
  if (isMediaType(req, "application/json")) {
    const body = await readJsonValue(req);
    const isIdle = typeof body === "object" && body !== null && "idle" in body;
    return parseInput(isIdle ? idleSchema : textSchema, body, "body");
  }
  if (!isMediaType(req, "multipart/form-data")) {
    throw new AppError(
      "unsupported_media_type",
      "Send JSON { text } or multipart/form-data with an audio WAV",
      415,
    );
  }
  if (Number(req.headers.get("content-length") ?? 0) > MAX_AUDIO_BYTES + 64 * 1024) {
    throw tooLarge(`Audio is limited to ${MAX_AUDIO_BYTES / 1024 / 1024} MiB`);
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new AppError("invalid_input", "The multipart body could not be read", 400);
  }
  const unknown = [...form.keys()].filter((k) => k !== "audio" && k !== "transcript");
  if (unknown.length) throw new AppError("invalid_input", `Unrecognized field: ${unknown[0]}`, 400);
  const file = form.get("audio");
  if (!(file instanceof Blob))
    throw new AppError("invalid_input", "audio: attach the utterance as a WAV file", 400);
  if (file.size > MAX_AUDIO_BYTES)
    throw tooLarge(`Audio is limited to ${MAX_AUDIO_BYTES / 1024 / 1024} MiB`);
  if (
    file.type &&
    !/^audio\/(wav|wave|x-wav|vnd\.wave)$/.test(baseType(file.type)) &&
    baseType(file.type) !== "application/octet-stream"
  ) {
    throw new AppError("unsupported_media_type", `audio: ${file.type} is not a WAV file`, 415);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const wav = parseWav(bytes);
  if (wav.durationMs > MAX_AUDIO_MS)
    throw tooLarge(`An utterance is limited to ${MAX_AUDIO_MS / 1000} s`);
  if (wav.durationMs < 50)
    throw new AppError("invalid_input", "audio: the recording is empty", 400);
  const rawTranscript = form.get("transcript");
  let transcript: string | undefined;
  if (rawTranscript !== null) {
    transcript = parseInput(transcriptSchema, rawTranscript, "transcript") || undefined;
  }
  return { audio: { bytes, wav }, transcript };
}

/** The parsed request as the engine's input; a WAV needs an STT or the browser's transcript. */
export function callerInput(input: TurnRequestInput, hasStt: boolean): CallerInput {
  if (input.idle) return { kind: "idle" };
  if (input.audio) {
    if (!hasStt && !input.transcript)
      throw new AppError(
        "invalid_input",
        "No speech-to-text is configured: send the browser's transcript with the audio",
        422,
      );
    return { kind: "audio", audio: input.audio, transcript: input.transcript };
  }
  return { kind: "text", text: input.text ?? "", audioMs: input.audioMs };
}
