// A command: one user-facing operation that parses its input with zod and runs with the
// caller's claims. Server actions and API routes both call commands, so the rules, the
// validation and the permission check live in one place and are tested without HTTP.
import type { z } from "zod";
import type { Claims } from "@/lib/auth/claims";
import { fromZod } from "@/lib/errors";

export function command<S extends z.ZodType, R>(
  schema: S,
  run: (claims: Claims, input: z.infer<S>) => Promise<R>,
) {
  return async (claims: Claims, raw: unknown): Promise<R> => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw fromZod(parsed.error);
    return run(claims, parsed.data);
  };
}
