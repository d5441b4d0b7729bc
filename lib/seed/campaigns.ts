// The demo campaigns `npm run db:seed` creates: real flow configs (validated with the
// campaign schema) and, per question, how often callers answer it in a qualifying way and
// what they say. The generator (./generate.ts) draws every call from these.
import {
  type CampaignStatus,
  type FlowConfig,
  flowConfigSchema,
  type VoiceSettings,
} from "@/lib/validations/campaign";

export interface SeedQuestion {
  /** Share of answers that qualify, and that disqualify (the rest are unclear). */
  qualifies: number;
  disqualifies: number;
  /** What callers say, by verdict. */
  answers: { qualifies: string[]; disqualifies: string[]; unclear: string[] };
}

export interface SeedCampaign {
  key: string;
  name: string;
  description: string;
  status: CampaignStatus;
  voice: VoiceSettings;
  flow: FlowConfig;
  questions: SeedQuestion[];
  /** Relative share of all calls. */
  share: number;
  /** Share of its calls that come by phone. */
  phoneShare: number;
  /** The days (ago) its calls span, older bound first. */
  activeDaysAgo: [number, number];
}

const yesNo = (yes: string[], no: string[], unsure: string[]) => ({
  qualifies: yes,
  disqualifies: no,
  unclear: unsure,
});

export const SEED_CAMPAIGNS: SeedCampaign[] = [
  {
    key: "kitchen",
    name: "Kitchen remodel leads",
    description: "Inbound calls from the kitchen remodel landing page and the yard signs.",
    status: "active",
    voice: { voice: "nova", language: "en-US", speed: 1, turnTaking: "balanced" },
    flow: {
      persona:
        "You are Maya, a friendly assistant for Brightline Kitchens. Ask one question at a time and keep answers short.",
      firstMessage:
        "Hi, this is Maya from Brightline Kitchens. Do you have a minute for a few questions?",
      questions: [
        { id: "scope", text: "What would you like to change in your kitchen?", weight: 4 },
        {
          id: "budget",
          text: "Do you have a budget above fifteen thousand dollars?",
          weight: 5,
          qualifyIf: "yes",
        },
        { id: "timeline", text: "When would you like the work to start?", weight: 3 },
      ],
      requiredFields: ["name", "email", "phone"],
      closingMessage: "Thanks! A designer will call you within one business day. Goodbye!",
      qualifyThreshold: 60,
    },
    questions: [
      {
        qualifies: 0.7,
        disqualifies: 0.1,
        answers: yesNo(
          [
            "New cabinets and a bigger island.",
            "A full remodel, floors to ceiling.",
            "Countertops, sink and all the lighting.",
          ],
          ["Honestly just a leaky tap.", "Nothing really, I was curious."],
          ["Not sure yet, maybe some things.", "Depends on the price."],
        ),
      },
      {
        qualifies: 0.55,
        disqualifies: 0.3,
        answers: yesNo(
          ["Yes, around twenty-five thousand.", "Yes, we set aside thirty.", "Yeah, that's fine."],
          ["No, more like five thousand.", "No, way less than that."],
          ["I'd have to ask my partner.", "Maybe, it depends."],
        ),
      },
      {
        qualifies: 0.6,
        disqualifies: 0.2,
        answers: yesNo(
          ["As soon as possible.", "Next month would be great.", "Within a few weeks."],
          ["Maybe next year, no rush.", "Someday, not now."],
          ["Whenever works, I guess."],
        ),
      },
    ],
    share: 0.42,
    phoneShare: 0.35,
    activeDaysAgo: [182, 0],
  },
  {
    key: "solar",
    name: "Solar consultation",
    description: "Homeowners asking for a rooftop solar quote.",
    status: "active",
    voice: { voice: "alloy", language: "en-US", speed: 1.05, turnTaking: "snappy" },
    flow: {
      persona:
        "You are Sam from SunHarbor Solar. Be warm and brief, and never promise savings figures.",
      firstMessage: "Hello! Sam from SunHarbor Solar here. Can I ask you four quick questions?",
      questions: [
        { id: "owner", text: "Do you own your home?", weight: 5, qualifyIf: "yes" },
        {
          id: "bill",
          text: "Is your monthly power bill over a hundred dollars?",
          weight: 4,
          qualifyIf: "yes",
        },
        {
          id: "roof",
          text: "Is your roof less than fifteen years old?",
          weight: 2,
          qualifyIf: "yes",
        },
        { id: "timeline", text: "How soon are you hoping to install?", weight: 3 },
      ],
      requiredFields: ["name", "email"],
      closingMessage: "Great, we'll email your estimate within two days. Have a sunny day!",
      qualifyThreshold: 70,
    },
    questions: [
      {
        qualifies: 0.75,
        disqualifies: 0.2,
        answers: yesNo(
          ["Yes, we own it.", "Yes, bought it in 2019."],
          ["No, I rent."],
          ["It's my parents' house."],
        ),
      },
      {
        qualifies: 0.6,
        disqualifies: 0.3,
        answers: yesNo(
          ["Yes, about one eighty.", "Yeah, in summer for sure."],
          ["No, around sixty."],
          ["I don't really know."],
        ),
      },
      {
        qualifies: 0.5,
        disqualifies: 0.3,
        answers: yesNo(
          ["Yes, it was redone recently."],
          ["No, it's pretty old."],
          ["No idea, honestly."],
        ),
      },
      {
        qualifies: 0.5,
        disqualifies: 0.25,
        answers: yesNo(
          ["This month if possible.", "Before summer."],
          ["Not any time soon."],
          ["Eventually, maybe."],
        ),
      },
    ],
    share: 0.3,
    phoneShare: 0.15,
    activeDaysAgo: [120, 0],
  },
  {
    key: "dental",
    name: "Dental new patients",
    description: "After-hours line for new patient bookings.",
    status: "active",
    voice: { voice: "shimmer", language: "en-US", speed: 0.95, turnTaking: "patient" },
    flow: {
      persona:
        "You are the after-hours assistant for Northside Dental. Be calm and reassuring; never give medical advice.",
      firstMessage:
        "Thank you for calling Northside Dental. May I ask a couple of questions to book you in?",
      questions: [
        { id: "new", text: "Are you a new patient with us?", weight: 3, qualifyIf: "yes" },
        { id: "reason", text: "What is the reason for your visit?", weight: 4 },
      ],
      requiredFields: ["name", "phone"],
      closingMessage: "Thank you. Our front desk will call you in the morning to confirm. Goodbye!",
    },
    questions: [
      {
        qualifies: 0.65,
        disqualifies: 0.3,
        answers: yesNo(
          ["Yes, first time.", "Yes, we just moved here."],
          ["No, I've been before."],
          ["I think so?"],
        ),
      },
      {
        qualifies: 0.8,
        disqualifies: 0.05,
        answers: yesNo(
          [
            "A cleaning and a check-up.",
            "My tooth hurts when I drink cold water.",
            "I chipped a molar.",
          ],
          ["Just asking about prices."],
          ["Not sure, something feels off."],
        ),
      },
    ],
    share: 0.2,
    phoneShare: 0.85,
    activeDaysAgo: [182, 0],
  },
  {
    key: "webinar",
    name: "Webinar follow-up",
    description: "Follow-up calls for the spring product webinar sign-ups.",
    status: "paused",
    voice: { voice: "echo", language: "en-GB", speed: 1 },
    flow: {
      persona: "You are Alex from Quanta Analytics following up on the webinar. Be concise.",
      firstMessage: "Hi, it's Alex from Quanta. Thanks for joining our webinar! Got a moment?",
      questions: [
        {
          id: "team",
          text: "How large is your data team?",
          weight: 3,
          keywords: ["five", "ten", "twenty", "people"],
        },
        {
          id: "tool",
          text: "Are you evaluating new analytics tools this quarter?",
          weight: 5,
          qualifyIf: "yes",
        },
      ],
      requiredFields: ["name", "email"],
      closingMessage: "Thanks, I'll send the recording and a trial link. Bye for now!",
      qualifyThreshold: 50,
    },
    questions: [
      {
        qualifies: 0.5,
        disqualifies: 0.2,
        answers: yesNo(
          ["About ten people.", "Twenty people across two sites."],
          ["It's just me."],
          ["It varies."],
        ),
      },
      {
        qualifies: 0.35,
        disqualifies: 0.45,
        answers: yesNo(
          ["Yes, we're comparing three tools.", "Yes, budget is approved."],
          ["No, we're happy with what we have."],
          ["Maybe later in the year."],
        ),
      },
    ],
    share: 0.08,
    phoneShare: 0,
    activeDaysAgo: [175, 60],
  },
];

// A definition that no longer matches the campaign schema fails here, not in the seeded app.
for (const c of SEED_CAMPAIGNS) flowConfigSchema.parse(c.flow);
