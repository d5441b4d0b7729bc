// Whether a caller's answer qualifies them on one of the campaign's questions. A question
// qualifies on any real answer that is not a "no" unless the owner set `qualifyIf` ("yes" or
// "no") or `keywords` the answer must mention. Used by the scripted agent (to know what is
// answered, including things said before they were asked) and by the post-call analysis.
import type { Question } from "@/lib/validations/campaign";
import { isAnswer, plain } from "./extract";

export type Verdict = "qualifies" | "disqualifies" | "unclear" | "unanswered";
type Polarity = "yes" | "no" | "unsure" | null;
type Kind = "timeline" | "budget" | "yesno" | "need" | "open";

const YES =
  /^(?:yes|yeah|yea|yep|yup|ya|sure|definitely|absolutely|of course|certainly|correct|right|that'?s right|exactly|indeed|totally|uh[- ]?huh|mm[- ]?hmm|affirmative|for sure|sounds good|ok(?:ay)?)\b/i;
/** A yes said as a clause ("we do", "I have…"): weaker than "no idea" later in the line. */
const YES_CLAUSE =
  /^(?:i do|we do|i am|we are|i'?m|we'?re|i have|we have|i did|we did|i can|we can|i will|we will|i would|we would|i think so|probably|likely)\b/i;
const NO =
  /^(?:no|nope|nah|never|negative|none|nothing|nobody|not|absolutely not|definitely not|of course not|certainly not|i don'?t|we don'?t|i do not|we do not|i haven'?t|we haven'?t|i'?m not|we'?re not|i am not|we are not|i didn'?t|we didn'?t|i can'?t|we can'?t|i won'?t|we won'?t|i wouldn'?t|we wouldn'?t|i doubt|not really)\b/i;
const UNSURE_LEAD =
  /^(?:not sure|i'?m not sure|we'?re not sure|unsure|i don'?t know|we don'?t know|dunno|no idea|maybe|perhaps|possibly|not certain|it depends|depends|hard to say|i guess|we'?ll see)\b/i;
const UNSURE = /\b(?:not sure|unsure|don'?t know|no idea|not certain|hard to say|we'?ll see)\b/i;
const NEGATED =
  /\b(?:don'?t|do not|doesn'?t|haven'?t|have not|hasn'?t|never|not|no longer|isn'?t|aren'?t|won'?t|can'?t|cannot|didn'?t)\b/i;
const DISMISSIVE =
  /\b(?:just (?:browsing|looking|curious|checking)|nothing (?:really|much|at the moment|right now|yet)|not (?:looking|interested)|no need|don'?t need|do not need|doesn'?t matter|wrong number)\b/i;
const RELAXED =
  /\b(?:no rush|no hurry|not urgent|not in a (?:big )?hurry|no urgency|no deadline)\b/i;
const POLITE = /^(?:no problem|no worries|not a problem|no doubt)\b[,.!\s]*/i;
const FILLER = /^(?:um+|uh+|er+|well|so|oh|hmm+|honestly|actually|and|look|sorry|ah)\b[,.!\s]*/i;
const BARE_ACK =
  /^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|right|correct|of course|definitely|absolutely|uh[- ]?huh|mm[- ]?hmm)\b[\s.!,]*(?:please|thanks|thank you)?[\s.!]*$/i;

export const TIME =
  /\b(?:asap|as soon as possible|urgent(?:ly)?|right away|immediately|straight away|today|tonight|tomorrow|(?:this|next|coming) (?:week|weekend|month|quarter|year|spring|summer|fall|autumn|winter)|(?:in|within) (?:about |around |roughly |the next )?(?:a|an|one|two|three|four|five|six|a few|a couple(?: of)?|\d+) (?:days?|weeks?|months?|years?)|(?:in|by|during) the (?:spring|summer|fall|autumn|winter)|(?:a )?(?:few|couple(?: of)?) (?:days|weeks|months)|by (?:the end of )?(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|spring|summer|fall|winter|christmas)|no rush|no hurry|not urgent|whenever|someday|eventually|end of (?:the )?(?:week|month|year)|before (?:winter|summer|spring|the holidays))\b/i;
const MONEY =
  /(?:[$£€]\s?\d)|\b\d[\d,.]*\s?(?:k|grand|thousand|million|dollars|bucks|pounds|euros)\b|\b(?:hundred|thousand|million) (?:dollars|bucks|pounds|euros)\b/i;
const NEED =
  /\b(?:(?:i|we)(?: need| want| would like|'d like| are looking for| am looking for|'re looking for|'m looking for|'re thinking about|'m thinking about| are thinking about)|looking (?:for|to (?:get|buy|replace|fix|build|install|hire|add))|interested in|help with|thinking (?:about|of) (?:getting|a|an|new))\s+(?!it\b|that\b|this\b|one\b|help\b)\w/i;

export function questionKind(q: Pick<Question, "text">): Kind {
  const t = q.text.toLowerCase().replace(/^(?:and|so|also|now|great|ok(?:ay)?)[,\s]+/, "");
  if (/\b(?:how soon|when|timeline|time ?frame|by when|how quickly|start date)\b/.test(t))
    return "timeline";
  if (/\b(?:budget|spend|afford|price range|how much)\b/.test(t)) return "budget";
  if (/^(?:are|is|do|does|did|have|has|can|could|would|will|should|were|was|am)\b/.test(t))
    return "yesno";
  if (/\b(?:need|looking for|help with|interested in|want|service|project)\b/.test(t))
    return "need";
  return "open";
}

function topical(kind: Kind, text: string): boolean {
  return kind === "timeline" ? TIME.test(text) : kind === "budget" ? MONEY.test(text) : false;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether the text mentions a keyword (as a word or a word's start: "roof" in "roofing"). */
export function mentions(text: string, keywords: string[] | undefined): boolean {
  return !!keywords?.some((k) => new RegExp(`\\b${escapeRegExp(k.trim())}`, "i").test(text));
}

/** Yes, no, unsure, or neither, read from the start of the answer first. */
/** The answer without leading fillers ("uh, sorry, yes" → "yes"). */
function core(text: string): string {
  let t = plain(text).trim();
  for (let prev = ""; prev !== t; ) {
    prev = t;
    t = t.replace(FILLER, "").replace(POLITE, "");
  }
  return t;
}

export function polarity(text: string, kind: Kind): Polarity {
  const t = core(text);
  if (/^(?:yeah|yes),? no\b/i.test(t)) return "no";
  if (UNSURE_LEAD.test(t) && !topical(kind, t)) return "unsure";
  // "We're not in a hurry" answers "how soon" (slowly); it is not a no.
  if (kind === "timeline" && RELAXED.test(t)) return null;
  if (NO.test(t)) return "no";
  // "Yes, but not sure when" is a yes to "Do you…?" but no answer to "How soon…?".
  if (YES.test(t) && (kind === "yesno" || !UNSURE.test(t)))
    return /^\S+\s+not\b/i.test(t) ? "no" : "yes";
  if (topical(kind, t)) return null;
  if (UNSURE.test(t)) return "unsure";
  if (YES_CLAUSE.test(t)) return "yes";
  if (kind === "yesno" && NEGATED.test(t)) return "no";
  if (DISMISSIVE.test(t)) return "no";
  return null;
}

/** How one answer to `q` counts toward qualification. */
export function judgeAnswer(q: Question, text: string): Verdict {
  if (!isAnswer(text)) return "unanswered";
  const kind = questionKind(q);
  const said = polarity(text, kind);
  if (said === "unsure") return "unclear";
  const hasKeywords = !!q.keywords?.length;
  const keyword = mentions(text, q.keywords);
  const mode = q.qualifyIf ?? "answered";
  if (mode === "yes" || mode === "no") {
    const wanted = mode;
    if (said === wanted) return "qualifies";
    if (said) return "disqualifies";
    return hasKeywords && keyword ? "qualifies" : "unclear";
  }
  if (said === "no") return "disqualifies";
  // "Yes." is no answer to "What are you looking for?".
  if (kind !== "yesno" && BARE_ACK.test(core(text))) return "unclear";
  if (hasKeywords) return keyword ? "qualifies" : "disqualifies";
  return "qualifies";
}

/** Whether an utterance the agent did not ask for answers `q` anyway ("I need a new roof,
 * ideally this month" answers both "what do you need" and "how soon"). */
export function volunteers(q: Question, said: string): boolean {
  const text = plain(said);
  if (q.keywords?.length) return mentions(text, q.keywords);
  const kind = questionKind(q);
  if (kind === "timeline" || kind === "budget") return topical(kind, text);
  if (kind === "need") return NEED.test(text) && !DISMISSIVE.test(text);
  return false;
}

/** Whether the caller only acknowledged (so an open question should be asked again). */
export function isBareAck(q: Question, text: string): boolean {
  return questionKind(q) !== "yesno" && BARE_ACK.test(core(text));
}

const STOPWORDS = new Set(
  "a an the you your we our to of for is are do does did it in on with and or what how when which that this be can could would will about there any".split(
    " ",
  ),
);
const contentWords = (s: string) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .filter((w) => w && !STOPWORDS.has(w));

/** Which question an agent line asks: its exact text, or (an LLM's rewording) most of its words. */
export function askedIn(questions: Question[], agentText: string): Question | undefined {
  const said = agentText.toLowerCase();
  const exact = questions.filter((q) => said.includes(q.text.toLowerCase().replace(/[?.!]+$/, "")));
  if (exact.length) return exact.at(-1);
  const words = new Set(contentWords(agentText));
  let best: { q: Question; share: number } | undefined;
  for (const q of questions) {
    const own = contentWords(q.text);
    const share = own.length ? own.filter((w) => words.has(w)).length / own.length : 0;
    if (share >= 0.6 && (!best || share > best.share)) best = { q, share };
  }
  return best?.q;
}
