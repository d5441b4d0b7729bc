// A member's side of a call's LiveKit room, from the Live page. "listen": a hidden subscriber
// that plays both sides of the call. "takeover" (while they hold the call): they also publish
// their microphone, so the caller hears them live, and each utterance (the same voice activity
// detection as the caller's page) is posted to be transcribed and stored as a human_agent turn,
// which the agent has in its history on hand back and the caller sees as a caption.
import { audioRoom } from "./livekit-room";
import { createVoiceIo, type VoiceIo } from "./voice-io";
import { utteranceWav } from "./wav";

export type StaffMode = "listen" | "takeover";

export interface StaffRoomEvents {
  /** An utterance was stored (its words), or could not be (why, in plain words). */
  onSpoken(result: { text: string } | { error: string }): void;
  /** The room dropped the member (network, the call ended): the Live page resets its button. */
  onLeft(): void;
}

export interface StaffRoom {
  leave(): Promise<void>;
}

async function errorMessage(res: Response, fallback: string) {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? fallback;
}

async function roomToken(conversationId: string, mode: StaffMode) {
  const res = await fetch("/api/livekit/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ conversationId, mode }),
  });
  if (!res.ok) throw new Error(await errorMessage(res, "The call's audio is not available"));
  return (await res.json()) as { url: string; token: string };
}

async function postSpeech(conversationId: string, samples: Float32Array) {
  const form = new FormData();
  form.set("audio", await utteranceWav(samples), "speech.wav");
  const res = await fetch(`/api/live/calls/${conversationId}/speech`, {
    method: "POST",
    body: form,
  });
  if (!res.ok) return { error: await errorMessage(res, "Your words were not stored") };
  return { text: ((await res.json()) as { text: string }).text };
}

/** Joins the call's room; throws (in plain words) when it cannot. Call from a click handler. */
export async function joinAsStaff(
  conversationId: string,
  mode: StaffMode,
  events: StaffRoomEvents,
): Promise<StaffRoom> {
  const info = await roomToken(conversationId, mode);
  // Both sides of the call: the caller, the agent's voice, another member.
  const { room, livekit, connect, stopPlaying } = await audioRoom(() => true);
  const { RoomEvent, Track } = livekit;
  let io: VoiceIo | null = null;
  const dropped = () => events.onLeft();
  room.on(RoomEvent.Disconnected, dropped);

  async function leave() {
    // Leaving on purpose is not being dropped.
    room.off(RoomEvent.Disconnected, dropped);
    await room.disconnect().catch(() => {});
    await io?.close();
    stopPlaying();
  }

  try {
    await connect(info);
    if (mode === "takeover") {
      io = createVoiceIo("balanced", {
        onSpeechStart() {},
        onSpeechEnd(samples) {
          void postSpeech(conversationId, samples).then(events.onSpoken);
        },
        onPlaybackDrained() {},
      });
      const mic = await io.startMic();
      if (mic !== "ok") throw new MicError(micProblem[mic]);
      await room.localParticipant.publishTrack(io.micTrack()!, {
        name: "human",
        source: Track.Source.Microphone,
      });
    }
    return { leave };
  } catch (error) {
    await leave();
    console.warn("the call's LiveKit room could not be joined", error);
    if (error instanceof MicError) throw error;
    throw new Error("Couldn't connect to the call's audio. Reply by text, or try again.");
  }
}

class MicError extends Error {}

const micProblem = {
  denied: "Allow the microphone for this site to talk to the caller",
  missing: "No microphone was found: reply by text instead",
  unsupported: "This browser cannot open a microphone here: reply by text instead",
  failed: "The microphone did not start: try again, or reply by text",
} as const;
