// Room names: one per conversation, and only Voxline's own names map back to a conversation.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { conversationOfRoom, roomName } from "@/lib/livekit/config";

describe("LiveKit room names", () => {
  it("round-trips a conversation id", () => {
    const id = randomUUID();
    expect(roomName(id)).toBe(`call_${id}`);
    expect(conversationOfRoom(roomName(id))).toBe(id);
    expect(conversationOfRoom(`call_${id.toUpperCase()}`)).toBe(id);
  });

  it("maps no other room to a conversation", () => {
    for (const name of [
      undefined,
      "",
      "lobby",
      "call_",
      "call_not-a-uuid",
      `x_call_${randomUUID()}`,
    ])
      expect(conversationOfRoom(name)).toBeNull();
    expect(conversationOfRoom(`call_${randomUUID()}_extra`)).toBeNull();
  });
});
