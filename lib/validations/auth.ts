import { z } from "zod";

export const credentialsSchema = z.strictObject({
  email: z
    .email("Enter a valid email address")
    .max(320, "Email is too long")
    .transform((e) => e.toLowerCase()),
  password: z
    .string("Enter a password")
    .min(8, "Use at least 8 characters")
    .max(200, "Use at most 200 characters"),
});

export type Credentials = z.infer<typeof credentialsSchema>;
