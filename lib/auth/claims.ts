// The claims every user-facing query runs with, in Supabase's JWT shape. Local auth and
// Supabase auth both produce exactly this, so the database helper does not care which.
import { z } from "zod";

export const claimsSchema = z.looseObject({
  sub: z.uuid(),
  email: z.string().nullish(),
  role: z.literal("authenticated"),
  exp: z.number().int(),
});

export type Claims = z.infer<typeof claimsSchema>;
