"use server";

import { takeOver } from "@/lib/live/takeover";
import { runAction } from "./run-action";

export async function takeOverCallAction(input: unknown) {
  return runAction(takeOver, input);
}
