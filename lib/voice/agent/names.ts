// Names and companies in a caller's words. "I'm …" and "this is …" introduce names as often
// as they introduce anything else ("I'm paying about…", "this is great"), so a word after
// them only counts when compromise's lexicon reads it as a name or a noun, not as a verb,
// adjective or function word. After "my name is" anything but a function word counts.
import type Nlp from "compromise/two";

let nlp: typeof Nlp | undefined;

/** compromise builds its lexicon when imported (~0.6 s of CPU), so it is loaded only where
 * the scripted agent runs (its provider awaits this), never on the cloud path. */
export async function loadNameLexicon(): Promise<void> {
  nlp ??= (await import("compromise/two")).default;
}

const STOP = new Set(
  (
    "a an the and or but so to in on at for from with about of by my your our his her their " +
    "me it that this there here home back work not no yes yeah yep sure ok okay fine good great " +
    "just also still really very actually well sorry glad happy ready busy new currently only " +
    "calling looking interested trying wondering hoping thinking going gonna curious afraid " +
    "owner manager one email phone number company name speaking is am are was hi hello hey dot thanks thank please " +
    "today tonight tomorrow later anytime whenever soon now asap morning afternoon evening weekend"
  ).split(" "),
);
const NEVER = [
  "Preposition",
  "Determiner",
  "Pronoun",
  "Conjunction",
  "QuestionWord",
  "Value",
  "Date",
  "Possessive",
];
const NOT_STRICT = ["Verb", "Adjective", "Adverb", "Modal", "Expression", "Copula", "Negative"];
const NAMEY = ["Person", "FirstName", "LastName", "ProperNoun", "Noun"];

const WORD = "[a-z][a-z'-]*";
const STRONG_INTRO =
  /\b(?:my name is|my name's|name's|the name is|name is|you can call me|call me)\s+/gi;
const WEAK_INTRO = /\b(?:i am|i'm|im|this is)\s+/gi;
const IT_IS = /\b(?:it's|it is)\s+/gi;
/** "Tom here", "Dana Whitfield speaking" at the start of a line. */
const SIGN_ON = /^(?:(?:hi|hello|hey|yes|yeah)[,\s]+)?/gi;
const FILLER =
  /^(?:yeah|yes|yep|sure|ok(?:ay)?|um+|uh+|oh|well|so|hi|hello|hey|of course|certainly|it'?s|it is|that'?s|this is|i'?m|i am|my name is|my name'?s|name'?s|the name'?s|the name is)\b[,\s]*/i;

const titleCase = (w: string) =>
  /[A-Z]/.test(w) ? w : w.replace(/(^|[-'])([a-z])/g, (_, p, c) => p + c.toUpperCase());

/** The scripted agent replays the whole call each turn: remember the phrases it tagged. */
const tagged = new Map<string, string[][]>();

function tagsOf(words: string[]): string[][] {
  const phrase = words.join(" ").toLowerCase();
  const known = tagged.get(phrase);
  if (known) return known;
  if (!nlp) {
    // Not loaded yet (a caller that did not await it): only "my name is" and bare answers
    // count this time, and the lexicon is there for the next turn.
    void loadNameLexicon();
    return words.map(() => []);
  }
  const terms = nlp(phrase).terms().json() as { terms: { tags: string[] }[] }[];
  const tags = terms.map((t) => t.terms[0]?.tags ?? []);
  if (tagged.size >= 2000) tagged.clear();
  tagged.set(phrase, tags);
  return tags;
}

/** How sure the phrase before the words is that a name follows: "my name is" (loose),
 * "I'm" (strict: a name or noun), "it's" (person: a word the lexicon knows as a name). */
export type Trust = "loose" | "strict" | "person";

/** The leading words that read as a name (up to three), title-cased, or undefined. */
export function nameWords(words: string[], trust: Trust): string | undefined {
  const strict = trust !== "loose";
  const tags = tagsOf(words.slice(0, 3));
  const taken: string[] = [];
  for (const [i, word] of words.slice(0, 3).entries()) {
    const t = tags[i] ?? [];
    const person = t.some((x) => ["Person", "FirstName", "LastName"].includes(x));
    const ok =
      !STOP.has(word.toLowerCase()) &&
      !t.some((x) => NEVER.includes(x)) &&
      (person || !((strict || i > 0) && t.some((x) => NOT_STRICT.includes(x)))) &&
      (!(strict || i > 0) || t.some((x) => NAMEY.includes(x))) &&
      (trust !== "person" || i > 0 || person);
    if (!ok) break;
    taken.push(titleCase(word));
  }
  return taken.length ? taken.join(" ") : undefined;
}

/** Up to three words from `from`, past a title ("Dr. Smith" → Smith). */
const wordsAt = (text: string, from: number) =>
  (
    text
      .slice(from)
      .replace(/^(?:dr|mr|mrs|ms|mx|miss|prof)\.?\s+/i, "")
      .match(new RegExp(`^${WORD}(?:\\s+${WORD}){0,2}`, "i"))?.[0] ?? ""
  )
    .split(/\s+/)
    .filter(Boolean);
/** What follows the local part of a spoken email: "dana dot whitfield at …" is not a name. */
const EMAIL_NEXT = /^\s*(?:(?:dot|underscore|dash|hyphen)\b|[@.]\w|at\s+\S+\s+dot\b)/i;

/** "actually it's Dana, not Diana": the new word, swapped into the known name where it fits. */
function corrected(text: string, known?: string): string | undefined {
  const intro = "(?:it'?s|it is|that'?s|i'?m|i am|my name is|my name'?s|name is|name'?s|call me)";
  const notIntro = "(?!(?:it'?s|it|that'?s|i'?m|i|my|actually|sorry|no)\\b)";
  const m = text.match(
    new RegExp(
      `(?:^|[,.]\\s*|\\b(?:actually|sorry|no|oops|i mean)[,\\s]+)(?:${intro}\\s+)?${notIntro}(${WORD}(?:\\s+${WORD})?)\\s*,?\\s+not\\s+(${WORD})`,
      "i",
    ),
  );
  if (!m) return undefined;
  const right = nameWords(m[1]!.split(/\s+/), "loose");
  if (!right) return undefined;
  const wrong = m[2]!.toLowerCase();
  const parts = known?.split(" ") ?? [];
  const at = parts.findIndex((p) => p.toLowerCase() === wrong);
  // "No thanks, not interested" corrects nothing: the word replaced must be a name too.
  if (at < 0 && !nameWords([wrong], "strict")) return undefined;
  if (at < 0 || right.includes(" ")) return right;
  parts[at] = right;
  return parts.join(" ");
}

function introduced(text: string, intro: RegExp, trust: Trust, then?: RegExp): string | undefined {
  for (const m of text.matchAll(intro)) {
    const from = m.index! + m[0].length;
    const words = wordsAt(text, from);
    // A possessive ("this is Dana's phone") introduces someone else's thing, not the caller.
    if (words.some((w) => /'s$/i.test(w))) continue;
    const name = nameWords(words, trust);
    const n = name?.split(" ").length ?? 1;
    const after = text
      .slice(from)
      .replace(new RegExp(`^\\s*${WORD}(?:\\s+${WORD}){${n - 1}}`, "i"), "");
    if (name && !EMAIL_NEXT.test(after) && (!then || then.test(after))) return name;
  }
  return undefined;
}

/** The caller's name if this utterance states it; `asked` when the agent just asked for it. */
export function nameIn(text: string, asked: boolean, known?: string): string | undefined {
  const fix = corrected(text, known);
  if (fix) return fix;
  const stated =
    introduced(text, STRONG_INTRO, "loose") ??
    introduced(text, WEAK_INTRO, "strict") ??
    introduced(text, IT_IS, "person") ??
    introduced(text, SIGN_ON, "strict", /^\s*(?:here|speaking)\b/i);
  if (stated || !asked) return stated;
  let bare = text.trim();
  for (let prev = ""; prev !== bare; ) {
    prev = bare;
    bare = bare.replace(FILLER, "");
  }
  const clause = bare.split(/[,.;!?]|\s+(?:and|but)\s+/i, 1)[0]!.trim();
  const words = clause.split(/\s+/).filter(Boolean);
  if (
    !words.length ||
    words.length > 3 ||
    !words.every((w) => new RegExp(`^${WORD}$`, "i").test(w))
  )
    return undefined;
  const name = nameWords(words, "loose");
  return name && name.split(" ").length === words.length ? name : undefined;
}

const COMPANY_INTRO =
  /\b(?:i work (?:at|for)|we work (?:at|for)|i'?m (?:at|with)|i am (?:at|with)|we'?re with|(?:our |the )?company(?: name)? is|company'?s|calling from|(?:i'?m|this is|name is|name'?s)\s+[a-z'-]+(?:\s+[a-z'-]+)?\s+(?:from|with|at))\s+/gi;
const COMPANY_STOP =
  /^(?:and|my|i|i'm|we|but|so|email|phone|number|looking|need|calling|about|here|in|on|for|to|at|with|who|that|which|is|are|please|thanks|today|now|dot)$/i;
const NOT_COMPANY = /^(?:a|an|the|my|our|your|home|here|there|work|you|it|this|that|me|us)$/i;

function companyWords(rest: string): string | undefined {
  const words: string[] = [];
  for (const w of rest.split(/\s+/)) {
    const word = w.replace(/[.,;!?]+$/, "");
    if (!word || (words.length && COMPANY_STOP.test(word)) || words.length === 4) break;
    words.push(word);
    if (word !== w) break; // punctuation ends the name
  }
  if (!words.length || NOT_COMPANY.test(words[0]!)) return undefined;
  const first = tagsOf([words[0]!])[0] ?? [];
  if (first.some((x) => [...NEVER, "Verb", "Adjective", "Adverb"].includes(x))) return undefined;
  const name = words.join(" ");
  return /[A-Z]/.test(name) ? name : words.map(titleCase).join(" ");
}

/** The caller's company if this utterance states it; `asked` when the agent asked for it. */
export function companyIn(text: string, asked: boolean): string | undefined {
  for (const m of text.matchAll(COMPANY_INTRO)) {
    const found = companyWords(text.slice(m.index! + m[0].length));
    if (found) return found;
  }
  if (!asked) return undefined;
  const bare = text
    .trim()
    .replace(
      /^(?:it'?s|it is|we'?re|we are|i'?m with|i am with|at|with|the company is|i work (?:at|for))\s+/i,
      "",
    );
  const clause = bare
    .split(/[,;!?]|\.\s/, 1)[0]!
    .trim()
    .replace(/\.$/, "");
  return clause.length >= 2 && clause.split(/\s+/).length <= 5 ? clause : undefined;
}
