// The browser's own speech recognition (Web Speech API), used only when no server STT is
// configured and only after the caller turns it on: in Chrome it sends audio to Google's
// service, which the page says plainly next to the switch.

interface RecognitionLike {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult:
    | ((e: { resultIndex: number; results: ArrayLike<RecognitionResultLike> }) => void)
    | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}
interface RecognitionResultLike {
  isFinal: boolean;
  0: { transcript: string };
}

type RecognitionCtor = new () => RecognitionLike;

function recognitionCtor(): RecognitionCtor | null {
  if (typeof window === "undefined") return null;
  const w = window as unknown as {
    SpeechRecognition?: RecognitionCtor;
    webkitSpeechRecognition?: RecognitionCtor;
  };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

export const browserSttAvailable = () => recognitionCtor() !== null;

/** Starts continuous recognition; `onFinal` gets each final phrase. Returns a stop function. */
export function startBrowserStt(
  lang: string,
  onFinal: (text: string) => void,
  onError: (message: string) => void,
): () => void {
  const Ctor = recognitionCtor();
  if (!Ctor) {
    onError("This browser has no speech recognition.");
    return () => {};
  }
  let stopped = false;
  const rec = new Ctor();
  rec.lang = lang;
  rec.continuous = true;
  rec.interimResults = false;
  rec.onresult = (e) => {
    for (let i = e.resultIndex; i < e.results.length; i++) {
      const r = e.results[i];
      if (r?.isFinal && r[0].transcript.trim()) onFinal(r[0].transcript.trim());
    }
  };
  rec.onerror = (e) => {
    if (e.error === "no-speech" || e.error === "aborted") return;
    stopped = true;
    onError(
      e.error === "not-allowed"
        ? "The browser's speech recognition was blocked. You can still type."
        : "The browser's speech recognition stopped working. You can still type.",
    );
  };
  // Chrome ends a continuous session after a while of silence: start it again.
  rec.onend = () => {
    if (!stopped) rec.start();
  };
  rec.start();
  return () => {
    stopped = true;
    rec.stop();
  };
}
