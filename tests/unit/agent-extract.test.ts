// What the scripted agent reads from realistic caller utterances: names, written and spoken
// emails, phone numbers in every way people say them, details given before being asked,
// corrections, and the things that are not details at all ("I'm paying about…").
import { describe, expect, it } from "vitest";
import type { LeadField } from "@/lib/validations/campaign";
import { extractLeadFields } from "@/lib/voice/agent/extract";
import { loadNameLexicon } from "@/lib/voice/agent/names";
import type { LeadFields } from "@/lib/voice/agent/tools";

// The scripted agent's provider loads the name lexicon before its first reply; so do these tests.
await loadNameLexicon();

interface Row {
  said: string;
  /** The field the agent had just asked for, if any. */
  asked?: LeadField;
  /** What the agent already knew. */
  known?: LeadFields;
  expected: LeadFields;
}

const rows: Row[] = [
  // Names, introduced or bare, and words that only look like an introduction.
  { said: "Hi, I'm paying about two hundred a month for this", expected: {} },
  { said: "I'm looking for a new roof", expected: {} },
  { said: "I'm interested in solar panels", expected: {} },
  { said: "this is great, thanks", expected: {} },
  { said: "I'm at home right now", expected: {} },
  { said: "I'm not sure", expected: {} },
  { said: "Hi, this is Dana Whitfield", expected: { name: "Dana Whitfield" } },
  { said: "my name is ann lee", expected: { name: "Ann Lee" } },
  { said: "My name's Priya Patel.", expected: { name: "Priya Patel" } },
  { said: "you can call me Jean-Luc", expected: { name: "Jean-Luc" } },
  { said: "this is mark o'brien speaking", expected: { name: "Mark O'Brien" } },
  { said: "I'm Bo", expected: { name: "Bo" } },
  { said: "I’m Bo, I’m calling about a quote", expected: { name: "Bo" } },
  { said: "Dana Whitfield", asked: "name", expected: { name: "Dana Whitfield" } },
  { said: "uh, it's Dana", asked: "name", expected: { name: "Dana" } },
  { said: "Yeah sure, it's Marcus", asked: "name", expected: { name: "Marcus" } },
  { said: "Ann", expected: {} },
  { said: "this is Dana's cell, she's out", expected: {} },
  { said: "call me tomorrow", expected: {} },
  { said: "Hi, Tom here", expected: { name: "Tom" } },
  { said: "My name is Dr. Smith", expected: { name: "Smith" } },
  { said: "I'd rather not say", asked: "name", expected: {} },
  { said: "no", asked: "name", expected: {} },
  // Corrections replace what was known, keeping the part that was right.
  {
    said: "actually it's Dana, not Diana",
    known: { name: "Diana Whitfield" },
    expected: { name: "Dana Whitfield" },
  },
  { said: "No, Dana, not Diana", asked: "name", expected: { name: "Dana" } },
  {
    said: "sorry, it's Whitney, not Whitfield",
    known: { name: "Dana Whitfield" },
    expected: { name: "Dana Whitney" },
  },
  { said: "No thanks, not interested", expected: {} },
  // Emails, written and spoken.
  { said: "It's ann.lee@example.com", expected: { email: "ann.lee@example.com" } },
  {
    said: "yes it's Dana.Whitfield@Example.com",
    expected: { email: "dana.whitfield@example.com" },
  },
  {
    said: "it's dana dot whitfield at example dot com",
    asked: "email",
    expected: { email: "dana.whitfield@example.com" },
  },
  {
    said: "dana dot whitfield at example dot com",
    asked: "email",
    expected: { email: "dana.whitfield@example.com" },
  },
  {
    said: "my email is dana dot whitfield at example dot com",
    expected: { email: "dana.whitfield@example.com" },
  },
  {
    said: "sorry, my email is dana.w@example.org",
    known: { email: "dana.whitfield@example.com" },
    expected: { email: "dana.w@example.org" },
  },
  { said: "d a n a at gmail dot com", asked: "email", expected: { email: "dana@gmail.com" } },
  {
    said: "dana two four at gmail dot com",
    asked: "email",
    expected: { email: "dana24@gmail.com" },
  },
  {
    said: "my email address is dana underscore whitfield at example dot co dot uk",
    expected: { email: "dana_whitfield@example.co.uk" },
  },
  {
    said: "it's bo dash smith at acme dash roofing dot com",
    asked: "email",
    expected: { email: "bo-smith@acme-roofing.com" },
  },
  { said: "I'm at Acme dot com headquarters", expected: { company: "Acme" } },
  { said: "I work at acme dot com", expected: { company: "Acme" } },
  {
    said: "Hi, I'm Dana, dana dot whitfield at example dot com",
    expected: { name: "Dana", email: "dana.whitfield@example.com" },
  },
  { said: "reach me at bo at gmail dot com", expected: { email: "bo@gmail.com" } },
  // Phone numbers: written formats, spoken digits, "oh", "double", tens, country codes.
  { said: "my number is 555-867-5309", expected: { phone: "+1 555 867 5309" } },
  { said: "it's (555) 867-5309", asked: "phone", expected: { phone: "+1 555 867 5309" } },
  { said: "555.867.5309", asked: "phone", expected: { phone: "+1 555 867 5309" } },
  {
    said: "five five five, eight six seven, five three oh nine",
    asked: "phone",
    expected: { phone: "+1 555 867 5309" },
  },
  {
    said: "double five five, eight six seven, fifty three oh nine",
    asked: "phone",
    expected: { phone: "+1 555 867 5309" },
  },
  {
    said: "you can reach me on plus four four twenty seventy nine four six oh nine five eight",
    expected: { phone: "+44 20 7946 0958" },
  },
  { said: "+44 20 7946 0958", expected: { phone: "+44 20 7946 0958" } },
  {
    said: "one eight hundred five five five one two three four",
    expected: { phone: "+1 800 555 1234" },
  },
  {
    said: "it's eight six seven five three oh nine",
    asked: "phone",
    expected: { phone: "8675309" },
  },
  { said: "we need about 2 or 3 windows", expected: {} },
  { said: "oh, okay", asked: "phone", expected: {} },
  // Companies.
  { said: "I work at Acme Corp", expected: { company: "Acme Corp" } },
  { said: "We're with Northwind Traders.", expected: { company: "Northwind Traders" } },
  { said: "Northwind", asked: "company", expected: { company: "Northwind" } },
  { said: "It's Acme Roofing", asked: "company", expected: { company: "Acme Roofing" } },
  { said: "it's windows, mostly", expected: {} },
  { said: "It's Kim Nguyen", expected: { name: "Kim Nguyen" } },
  { said: "I'm calling from my car", expected: {} },
  // Several details at once, before any was asked.
  {
    said: "Hi, this is Dana Whitfield from Acme Roofing, my email is dana at acme dot com",
    expected: { name: "Dana Whitfield", company: "Acme Roofing", email: "dana@acme.com" },
  },
  {
    said: "Sure, my name is ann lee and I work at Acme Corp",
    expected: { name: "Ann Lee", company: "Acme Corp" },
  },
  {
    said: "reach me at Ann.Lee@Example.com or +1 (555) 010-2030",
    expected: { email: "ann.lee@example.com", phone: "+1 555 010 2030" },
  },
  {
    said: "Yes, I'm Bo, bo@example.com, and my cell is 555 010 2030",
    expected: { name: "Bo", email: "bo@example.com", phone: "+1 555 010 2030" },
  },
  {
    said: "sure, Dana Whitfield, and my email is dana at example dot com",
    asked: "name",
    expected: { name: "Dana Whitfield", email: "dana@example.com" },
  },
];

describe("extractLeadFields on realistic utterances", () => {
  it("has at least 40 phrasings", () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)("$said (asked: $asked)", ({ said, asked, known, expected }) => {
    expect(extractLeadFields(said, asked, known)).toEqual(expected);
  });
});
