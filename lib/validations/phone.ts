// A campaign's phone settings: the Twilio number that answers for it, the consent message
// spoken first, and an optional keypad menu. Shared by the settings form, its server action and
// the telephony webhooks (which re-parse what they read from the database).
import { z } from "zod";

export const MENU_ACTIONS = ["agent", "sales", "support", "voicemail"] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

export const DEFAULT_PHONE_CONSENT =
  "Hi! You're speaking with an automated assistant. This call is transcribed and stored to help us follow up.";

/** E.164: a plus, a country code, at most 15 digits in all (ITU-T E.164). */
export const e164Schema = z
  .string("Enter a phone number")
  .trim()
  .regex(
    /^\+[1-9]\d{6,14}$/,
    "Use the international format: + then 7-15 digits, e.g. +14155550123",
  );

const digit = z.string().regex(/^[0-9]$/, "A menu key is one digit, 0-9");

export const menuOptionSchema = z.strictObject({
  digit,
  action: z.enum(MENU_ACTIONS, "Pick agent, sales, support or voicemail"),
});
export type MenuOption = z.infer<typeof menuOptionSchema>;

export const phoneMenuSchema = z
  .strictObject({
    options: z
      .array(menuOptionSchema)
      .min(1, "Add at least one menu option")
      .max(10, "At most 10 menu options")
      .refine((os) => new Set(os.map((o) => o.digit)).size === os.length, "Each key once"),
    /** Where "sales" and "support" transfer the call. */
    salesNumber: e164Schema.optional(),
    supportNumber: e164Schema.optional(),
    /** Seconds Twilio waits for a key before the menu repeats (once), then voicemail. */
    timeoutSeconds: z.number().int().min(2).max(15).default(5),
  })
  .superRefine((menu, ctx) => {
    for (const [action, key] of [
      ["sales", "salesNumber"],
      ["support", "supportNumber"],
    ] as const) {
      if (menu.options.some((o) => o.action === action) && !menu[key]) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `Set the ${action} number the ${action} key transfers to`,
        });
      }
    }
  });
export type PhoneMenu = z.infer<typeof phoneMenuSchema>;
export type PhoneMenuInput = z.input<typeof phoneMenuSchema>;

export const phoneSettingsSchema = z.strictObject({
  /** The Twilio number (E.164) whose voice webhook answers for this campaign. */
  number: e164Schema,
  /** Spoken first on every call; empty means DEFAULT_PHONE_CONSENT. */
  consentMessage: z
    .string()
    .trim()
    .max(600, "The consent message must be at most 600 characters")
    .optional(),
  menu: phoneMenuSchema.nullable().optional(),
});
export type PhoneSettings = z.infer<typeof phoneSettingsSchema>;
export type PhoneSettingsInput = z.input<typeof phoneSettingsSchema>;

/** Masks a phone number for logs: the country code and the last two digits stay. */
export function maskPhone(number: string | null | undefined): string {
  if (!number) return "unknown";
  const digits = number.replace(/[^\d+]/g, "");
  if (digits.length <= 4) return "***";
  return `${digits.slice(0, digits.startsWith("+") ? 2 : 1)}${"*".repeat(digits.length - 4)}${digits.slice(-2)}`;
}
