// TTS answers are checked before a byte is played: a 200 whose content type is not audio, or
// whose first bytes are text (an HTML error page, a JSON error behind an audio content type),
// is a bad response, and an answer with no audio at all is an empty one.
import { ProviderError } from "../types";

const AUDIO_TYPE = /^(audio\/|application\/octet-stream)/i;

export function checkAudioType(contentType: string | null | undefined, vendor: string) {
  if (contentType && !AUDIO_TYPE.test(contentType.trim())) {
    throw new ProviderError(
      "tts",
      `${vendor} answered ${contentType}, not audio`,
      undefined,
      "bad_response",
    );
  }
}

/** True when the bytes read as markup or JSON rather than PCM. */
function looksLikeText(chunk: Uint8Array) {
  const head = chunk.subarray(0, 64);
  let i = 0;
  while (
    i < head.length &&
    (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)
  )
    i++;
  if (i >= head.length || (head[i] !== 0x3c && head[i] !== 0x7b && head[i] !== 0x5b)) return false;
  return head
    .subarray(i)
    .every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
}

/** Passes audio chunks through, refusing text bodies and empty answers. */
export async function* checkedAudio(source: AsyncIterable<Uint8Array>, vendor: string) {
  let first = true;
  for await (const chunk of source) {
    if (first && looksLikeText(chunk)) {
      throw new ProviderError(
        "tts",
        `${vendor} answered text, not audio`,
        undefined,
        "bad_response",
      );
    }
    first = false;
    yield chunk;
  }
  if (first) throw new ProviderError("tts", `${vendor} answered no audio`, undefined, "empty");
}
