"use server";

import { handBack } from "@/lib/live/takeover";
import { runAction } from "./run-action";

export async function handBackCallAction(input: unknown) {
  return runAction(handBack, input);
}
