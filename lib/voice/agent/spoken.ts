// Speech-to-text writes what people say, not what they mean: "five five five, oh one two…",
// "dana dot whitfield at example dot com". These turn such runs back into digits and
// addresses. Phone digits are read one by one (with "oh", "double five", "fifty three"),
// which number-word parsers read as one cardinal ("five five five" → 15), hence our own.

const UNITS: Record<string, string> = {
  zero: "0",
  oh: "0",
  o: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};
const TEENS: Record<string, string> = {
  ten: "10",
  eleven: "11",
  twelve: "12",
  thirteen: "13",
  fourteen: "14",
  fifteen: "15",
  sixteen: "16",
  seventeen: "17",
  eighteen: "18",
  nineteen: "19",
};
const TENS: Record<string, string> = {
  twenty: "2",
  thirty: "3",
  forty: "4",
  fifty: "5",
  sixty: "6",
  seventy: "7",
  eighty: "8",
  ninety: "9",
};
const REPEAT: Record<string, number> = { double: 2, triple: 3 };
/** What may sit between the parts of one spoken or written number. */
const GAP = /^[\s,.()\-–/]*$/;

export interface DigitRun {
  digits: string;
  plus: boolean;
  start: number;
  end: number;
}

type Token = { word: string; start: number; end: number };

/** Reads one number token at i: how many tokens it used and the digits it stands for. */
function readNumber(tokens: Token[], i: number): { used: number; digits: string } | null {
  const w = tokens[i]!.word.toLowerCase();
  const next = tokens[i + 1]?.word.toLowerCase();
  if (/^\d+$/.test(w)) return { used: 1, digits: w };
  if (REPEAT[w] && next && UNITS[next]) return { used: 2, digits: UNITS[next]!.repeat(REPEAT[w]!) };
  if (TEENS[w]) return { used: 1, digits: TEENS[w]! };
  if (TENS[w]) {
    // "fifty three" is 53; "fifty" alone is 50.
    if (next && UNITS[next] && next !== "oh" && next !== "o" && next !== "zero")
      return { used: 2, digits: TENS[w]! + UNITS[next]! };
    return { used: 1, digits: `${TENS[w]!}0` };
  }
  if (w === "hundred") return { used: 1, digits: "00" };
  if (UNITS[w]) return { used: 1, digits: UNITS[w]! };
  return null;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/\+|[a-z]+|\d+/gi)].map((m) => ({
    word: m[0],
    start: m.index!,
    end: m.index! + m[0].length,
  }));
}

/** Maximal runs of digits, spoken or written, with only punctuation and spaces between them. */
export function digitRuns(text: string): DigitRun[] {
  const tokens = tokenize(text);
  const runs: DigitRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    let plus = false;
    let j = i;
    if (/^(\+|plus)$/i.test(tokens[j]!.word) && tokens[j + 1]) {
      plus = true;
      j++;
    }
    let digits = "";
    let spokenO = 0; // a run made only of "oh"s is an interjection, not a number
    let last = -1;
    while (j < tokens.length) {
      if (last >= 0 && !GAP.test(text.slice(tokens[last]!.end, tokens[j]!.start))) break;
      const read = readNumber(tokens, j);
      if (!read) break;
      if (/^(oh|o)$/i.test(tokens[j]!.word)) spokenO++;
      digits += read.digits;
      last = j + read.used - 1;
      j += read.used;
    }
    if (digits && digits.length > spokenO) {
      runs.push({ digits, plus, start: tokens[i]!.start, end: tokens[last]!.end });
      i = j;
    } else i++;
  }
  return runs;
}

const CONNECTORS: [RegExp, string][] = [
  [/\s+at(?:\s+sign)?\s+/gi, " @ "],
  [/\s+(?:dot|period|point)\s+/gi, " . "],
  [/\s+underscore\s+/gi, " _ "],
  [/\s+(?:dash|hyphen)\s+/gi, " - "],
  [/\s*@\s*/g, " @ "],
];
const PART = /^[a-z0-9][a-z0-9._%+-]*$/i;
const JOIN = new Set([".", "_", "-"]);

/** Two tokens said as one: spelled letters ("d a n a") or a name and its digits ("dana 24"). */
const spelled = (prev: string, cur: string) =>
  (/^[a-z0-9]$/i.test(prev) && cur.length === 1) || (/^\d+$/.test(cur) && /^[a-z]+$/i.test(prev));

/** The local part of a spoken address: the word before "@" and words joined to it by dot,
 * underscore or dash, or by being single spelled letters ("d a n a"). */
function localPart(tokens: string[], at: number): string {
  let j = at - 1;
  if (j < 0 || !PART.test(tokens[j]!)) return "";
  let local = tokens[j]!;
  while (j > 0) {
    const prev = tokens[j - 1]!;
    if (JOIN.has(prev) && j > 1 && PART.test(tokens[j - 2]!)) {
      local = tokens[j - 2]! + prev + local;
      j -= 2;
    } else if (spelled(prev, tokens[j]!)) {
      local = prev + local;
      j -= 1;
    } else break;
  }
  return local;
}

function domainPart(tokens: string[], at: number): string {
  let j = at + 1;
  if (!tokens[j] || !PART.test(tokens[j]!)) return "";
  let domain = tokens[j]!;
  while ((tokens[j + 1] === "." || tokens[j + 1] === "-") && PART.test(tokens[j + 2] ?? "")) {
    domain += tokens[j + 1]! + tokens[j + 2]!;
    j += 2;
  }
  return domain;
}

/** Mail hosts an unprompted "name at host dot com" can only be an address at. */
const MAIL_HOST =
  /^(?:gmail|googlemail|yahoo|outlook|hotmail|icloud|aol|protonmail|proton|live|msn|me)\./;

/** "Dana dot Whitfield at example dot com" → "dana.whitfield@example.com", or null. Unless
 * `expected` (the agent asked for an email, or the caller said "email"), "I work at acme dot
 * com" is not an address: the name part must be joined ("dana dot whitfield") or the host a
 * mail host. */
export function spokenEmail(text: string, expected = true): string | null {
  let s = ` ${text.toLowerCase().replace(/[,;!?]+/g, " ")} `;
  for (const [from, to] of CONNECTORS) s = s.replace(from, to);
  // Digits spoken inside an address ("dana two four") become digits.
  for (const run of digitRuns(s).reverse())
    if (run.digits.length <= 4) s = `${s.slice(0, run.start)}${run.digits}${s.slice(run.end)}`;
  const tokens = s
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => (t.length > 1 ? t.replace(/\.+$/, "") : t));
  for (let at = tokens.indexOf("@"); at >= 0; at = tokens.indexOf("@", at + 1)) {
    const local = localPart(tokens, at).replace(/^[._-]+|[._-]+$/g, "");
    const domain = domainPart(tokens, at);
    const plausible = expected || /[._-]/.test(local) || MAIL_HOST.test(domain);
    if (local && /\.[a-z]{2,}$/.test(domain) && plausible) return `${local}@${domain}`;
  }
  return null;
}
