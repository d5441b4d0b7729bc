// Pulls contact details out of what a caller said. The scripted agent uses it to fill lead
// fields; `expecting` says which field the agent just asked for, so a bare answer counts.
import type { LeadField } from "@/lib/validations/campaign";
import type { LeadFields } from "./tools";

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i;
const PHONE = /(?:\+?\d[\d\s().-]{6,}\d)/;
const NAME_PHRASE =
  /\b(?:my name is|my name's|i am|i'm|this is|call me)\s+([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)/i;
const COMPANY_PHRASE =
  /\b(?:i work (?:at|for)|i'm (?:at|with)|i am (?:at|with)|company is|company's|calling from|from)\s+([a-z0-9][\w&.'-]*(?:\s+[A-Z0-9][\w&.'-]*){0,3})/i;
const NOT_A_NAME = new Set([
  "calling",
  "looking",
  "interested",
  "not",
  "here",
  "good",
  "fine",
  "ok",
  "okay",
  "sure",
  "yes",
  "no",
  "just",
  "a",
  "the",
  "from",
  "with",
  "at",
]);

const titleCase = (s: string) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase());
const clean = (s: string) => s.trim().replace(/[.!?,;]+$/, "");

/** Speech-to-text writes "ann at example dot com"; make it an address again. */
function spokenEmail(text: string) {
  return text
    .replace(/\s+at\s+/gi, "@")
    .replace(/\s+dot\s+/gi, ".")
    .replace(/\s+(?=[^\s]*@)/g, "");
}

export function extractLeadFields(text: string, expecting?: LeadField): LeadFields {
  const found: LeadFields = {};
  const email =
    text.match(EMAIL)?.[0] ??
    (expecting === "email" ? spokenEmail(text).match(EMAIL)?.[0] : undefined);
  if (email) found.email = email.toLowerCase();
  const withoutEmail = email ? text.replace(email, " ") : text;
  const phone = withoutEmail.match(PHONE)?.[0];
  if (phone && phone.replace(/\D/g, "").length >= 7) found.phone = phone.trim();

  const named = text.match(NAME_PHRASE)?.[1];
  if (named && !NOT_A_NAME.has(named.split(/\s+/)[0]!.toLowerCase()))
    found.name = titleCase(clean(named));
  else if (expecting === "name") {
    const bare = clean(text.replace(/^(?:yeah|yes|sure|ok(?:ay)?|it'?s|um+|uh+)[,\s]+/i, ""));
    if (
      /^[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){0,2}$/i.test(bare) &&
      !NOT_A_NAME.has(bare.toLowerCase())
    ) {
      found.name = titleCase(bare);
    }
  }

  const company = text.match(COMPANY_PHRASE)?.[1];
  if (company && !/^(a|the|my|home|here)$/i.test(company)) found.company = clean(company);
  else if (expecting === "company") {
    const bare = clean(text.replace(/^(?:it'?s|we'?re|i'?m with|at)\s+/i, ""));
    if (bare.length >= 2 && bare.split(/\s+/).length <= 5) found.company = bare;
  }
  return found;
}

const UNCLEAR =
  /^(what|huh|sorry|pardon|excuse me|come again|can you repeat|could you repeat|say that again|um+|uh+|hmm+)\b[\s?.!]*$/i;

/** Whether what the caller said answers a question at all (not "what?", "hmm", or silence). */
export function isAnswer(text: string): boolean {
  const t = text.trim();
  return !UNCLEAR.test(t) && t.replace(/\W/g, "").length >= 2;
}
