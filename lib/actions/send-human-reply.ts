"use server";

import { sendHumanReply } from "@/lib/live/takeover";
import { runAction } from "./run-action";

export async function sendHumanReplyAction(input: unknown) {
  return runAction(sendHumanReply, input);
}
