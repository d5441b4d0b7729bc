// Ties what the stand-ins see to the caller's turn, through the real SDKs and the real
// server: the bench writes a tag into the uploaded audio (a few samples of the PCM data,
// which the server forwards to Deepgram as is); the STT stand-in finds it and returns it in
// the transcript, the LLM stand-in finds it in the prompt's last user message and returns it
// at the start of the reply, so the first TTS piece carries it too. In text the tag is
// invisible: zero-width characters, which neither whitespace trimming nor the speech chunker
// treat as words.
const AUDIO_MARK = Buffer.from("VXTAG:");
const TAG_LENGTH = 8; // hex digits
const DIGITS = ["\u200b", "\u200c", "\u200d", "\u2060"]; // base 4
const EDGE = "\u2063";
const TEXT_TAG = new RegExp(`${EDGE}([${DIGITS.join("")}]{${TAG_LENGTH * 2}})${EDGE}`);
const ANY_TEXT_TAG = new RegExp(`${EDGE}[${DIGITS.join("")}]*${EDGE}`, "g");

/** A copy of the WAV file with `tag` written over the first samples of its data chunk. */
export function tagWav(wav: Uint8Array, tag: string): Buffer {
  const copy = Buffer.from(wav);
  const data = copy.indexOf("data", 12) + 8;
  Buffer.concat([AUDIO_MARK, Buffer.from(tag)]).copy(copy, data);
  return copy;
}

export function audioTag(body: Buffer): string | null {
  const at = body.indexOf(AUDIO_MARK);
  if (at < 0) return null;
  const start = at + AUDIO_MARK.length;
  return body.subarray(start, start + TAG_LENGTH).toString("latin1");
}

export function textTag(tag: string): string {
  let out = EDGE;
  for (const hex of tag) {
    const n = Number.parseInt(hex, 16);
    out += DIGITS[n >> 2]! + DIGITS[n & 3]!;
  }
  return out + EDGE;
}

export function findTextTag(text: string): string | null {
  const match = TEXT_TAG.exec(text);
  if (!match) return null;
  const d = [...match[1]!].map((c) => DIGITS.indexOf(c));
  let tag = "";
  for (let i = 0; i < d.length; i += 2) tag += ((d[i]! << 2) | d[i + 1]!).toString(16);
  return tag;
}

export const stripTags = (text: string) => text.replace(ANY_TEXT_TAG, "");

/** Tags are hex counters, unique per bench run. */
let next = 0;
export const newTag = () => (next++).toString(16).padStart(TAG_LENGTH, "0");
