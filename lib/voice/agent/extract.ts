// Pulls contact details out of what a caller said. The scripted agent uses it to fill lead
// fields; `expecting` says which field the agent just asked for, so a bare answer counts.
// Every field it returns was stated in this utterance, so a later statement (a correction:
// "sorry, my email is …", "actually it's Dana, not Diana") replaces an earlier one.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { LeadField } from "@/lib/validations/campaign";
import { companyIn, nameIn } from "./names";
import { digitRuns, spokenEmail } from "./spoken";
import type { LeadFields } from "./tools";

const EMAIL = /[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i;
/** Calls are local: a number said without a country code is read as this country's. */
const DEFAULT_COUNTRY = "US";

/** One phone number in the utterance, in international format ("+1 555 867 5309"). */
export function phoneIn(text: string, expecting?: LeadField): string | undefined {
  for (const run of digitRuns(text)) {
    if (run.digits.length < 7 || run.digits.length > 15) continue;
    const parsed = parsePhoneNumberFromString(
      run.plus ? `+${run.digits}` : run.digits,
      DEFAULT_COUNTRY,
    );
    if (parsed?.isPossible()) return parsed.formatInternational();
    // A local number ("867 5309") is kept as said when the agent asked for a number.
    if (expecting === "phone" || run.plus) return `${run.plus ? "+" : ""}${run.digits}`;
  }
  return undefined;
}

export function emailIn(text: string, expecting?: LeadField): string | undefined {
  const written = text.match(EMAIL)?.[0];
  if (written) return written.toLowerCase();
  // A spoken address is taken at its word when asked for or named as an email.
  const expected = expecting === "email" || /\b(e-?mail|address)\b/i.test(text);
  return spokenEmail(text, expected) ?? undefined;
}

/** Typed and transcribed text uses curly apostrophes ("I’m"); the patterns use straight ones. */
export const plain = (text: string) => text.replace(/[\u2018\u2019\u02bc]/g, "'");

export function extractLeadFields(
  said: string,
  expecting?: LeadField,
  known: LeadFields = {},
): LeadFields {
  const text = plain(said);
  const found: LeadFields = {};
  const email = emailIn(text, expecting);
  if (email) found.email = email;
  // Digits inside the address are not a phone number.
  const phone = phoneIn(email ? text.replace(/\S+@\S+/g, " ") : text, expecting);
  if (phone) found.phone = phone;
  const words = text.replace(/\S+@\S+/g, " ");
  const name = nameIn(words, expecting === "name", known.name);
  if (name) found.name = name;
  const company = companyIn(words, expecting === "company");
  if (company) found.company = company;
  return found;
}

const UNCLEAR =
  /^(what|huh|sorry|pardon|excuse me|come again|can you repeat( that)?|could you repeat( that)?|say that again|um+|uh+|hmm+|h?mm+|er+|hello)\b[\s?.!,]*$/i;

/** Whether what the caller said answers a question at all (not "what?", "hmm", or silence). */
export function isAnswer(text: string): boolean {
  const t = text.trim();
  return !UNCLEAR.test(t) && t.replace(/\W/g, "").length >= 2;
}
