// A command: one user-facing operation that parses its input with zod and runs as an actor
// (the caller's claims and the workspace they act in). Server actions and API routes both
// call commands, so the rules, the validation and the permission check live in one place and
// are tested without HTTP. Bare claims act in the user's personal workspace.
import type { z } from "zod";
import type { Claims } from "@/lib/auth/claims";
import { parseInput } from "@/lib/http/parse";
import { type Actor, toActor } from "@/lib/workspaces/actor";

export function command<S extends z.ZodType, R>(
  schema: S,
  run: (actor: Actor, input: z.infer<S>) => Promise<R>,
) {
  return async (who: Claims | Actor, raw: unknown): Promise<R> => {
    // The same parser as the route wrapper's: unstorable text (NUL, lone surrogates) is a 400.
    return run(toActor(who), parseInput(schema, raw, "input"));
  };
}
