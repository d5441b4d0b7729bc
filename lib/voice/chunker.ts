// Splits the LLM's token stream into pieces worth sending to TTS as soon as they close.
// The first piece ends at the first clause boundary (a comma after a few words) so speech
// starts early; later pieces end at sentence boundaries, which sound more natural. Nothing
// waits for the next token: a boundary is judged from the text so far.
const SENTENCE_END = /[.!?…]["')\]]?$/;
const CLAUSE_END = /[,;:—–]$/;
const ABBREVIATION = /\b(?:mr|mrs|ms|dr|st|vs|etc|e\.g|i\.e|approx|no)\.$/i;
const MIN_FIRST_CLAUSE_WORDS = 3;
const MAX_WORDS = 30; // a long sentence is cut at its next clause boundary

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;

export class SpeechChunker {
  private buffer = "";
  private emitted = 0;

  /** Adds a delta; returns the pieces it closed (usually none or one). */
  push(delta: string): string[] {
    const out: string[] = [];
    for (const part of delta.split(/(?<=[.!?…,;:—–]["')\]]?)(?=\s)/)) {
      this.buffer += part;
      const piece = this.closable();
      if (piece) out.push(piece);
    }
    return out;
  }

  /** Whatever is left when the stream ends. */
  flush(): string | null {
    const rest = this.buffer.trim();
    this.buffer = "";
    return rest ? rest : null;
  }

  private closable(): string | null {
    const text = this.buffer.trimEnd();
    // "3." or "1,000" is a number, not a boundary; "Dr." is not a sentence end.
    if (/\d[.,]$/.test(text)) return null;
    const n = words(text);
    const sentence = SENTENCE_END.test(text) && !ABBREVIATION.test(text);
    const clause =
      CLAUSE_END.test(text) && (this.emitted === 0 ? n >= MIN_FIRST_CLAUSE_WORDS : n >= MAX_WORDS);
    if (!sentence && !clause) return null;
    this.buffer = "";
    this.emitted++;
    return text.trim();
  }
}
