// The words that are the same for every demo campaign: people's names, small talk, and what
// callers say when they agree, decline or give their details.
export const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chloe",
  "Dev",
  "Elena",
  "Farid",
  "Grace",
  "Hugo",
  "Ines",
  "Jamal",
  "Kate",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Priya",
  "Quinn",
  "Rosa",
  "Sam",
  "Tariq",
  "Uma",
  "Victor",
  "Wen",
  "Yusuf",
  "Zoe",
  "Marta",
  "Jonas",
  "Aisha",
  "Pedro",
  "Lena",
];

export const LAST_NAMES = [
  "Garcia",
  "Kim",
  "Okafor",
  "Novak",
  "Silva",
  "Patel",
  "Murphy",
  "Rossi",
  "Dubois",
  "Schmidt",
  "Nakamura",
  "Haddad",
  "Larsen",
  "Costa",
  "Walsh",
  "Ivanova",
  "Mendes",
  "Fischer",
  "Brennan",
  "Chen",
  "Lopez",
  "Andersen",
  "Moreau",
  "Kowalski",
  "Bauer",
];

export const EMAIL_DOMAINS = [
  "gmail.com",
  "outlook.com",
  "yahoo.com",
  "icloud.com",
  "proton.me",
  "fastmail.com",
];

export const COMPANIES = [
  "Harbor & Pine",
  "Northwind Traders",
  "Blue Fern Studio",
  "Oakline Builders",
  "Copperleaf LLC",
  "Riverside Dental Group",
  "Kestrel Logistics",
  "Summit Ridge Realty",
  "Lumen Labs",
  "Maple Co.",
];

export const CALLER_AGREES = [
  "Sure, go ahead.",
  "Yes, I have a few minutes.",
  "Okay, sure.",
  "Yeah, what do you need?",
];
export const CALLER_DECLINES = [
  "Sorry, not interested.",
  "No thanks, wrong number.",
  "I'm busy right now, sorry.",
];
export const CALLER_SMALL_TALK = [
  "How long does it usually take?",
  "Do you have reviews I can read?",
  "Is there a cost for the first visit?",
  "Can I reschedule if something comes up?",
  "Do you work on weekends?",
];
export const AGENT_SMALL_TALK = [
  "Good question. Usually a couple of weeks, and the team will confirm the details.",
  "Yes, you'll find them on our website, and I can email you a link.",
  "The first consultation is free.",
  "Of course, just reply to the confirmation email.",
  "We do, on Saturdays from nine to one.",
];
export const CALLER_DONE = "No, that's all. Thanks!";
export const AGENT_ASKS_CONTACT = "Great. Could I get your name and the best email to reach you?";
export const AGENT_ASKS_QUESTIONS = "Thanks, got it. Is there anything you'd like to ask me?";
