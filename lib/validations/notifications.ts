// A campaign's notification settings, shared by the Notifications card and its server action.
// The server also refuses URLs that point inside our network (lib/notifications/url-safety.ts).
import { z } from "zod";

export const notificationSettingsSchema = z.strictObject({
  webhookUrl: z
    .string()
    .trim()
    .max(2000, "The URL must be at most 2000 characters")
    .refine(
      (v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v),
      "Enter a full URL starting with https://",
    )
    .optional(),
  slackEnabled: z.boolean(),
  emailEnabled: z.boolean(),
});
export type NotificationSettingsInput = z.infer<typeof notificationSettingsSchema>;
