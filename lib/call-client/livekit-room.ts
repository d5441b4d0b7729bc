// The call's LiveKit room, when the server made one: the caller joins it and publishes the
// microphone and the agent's voice (two tracks), so a member listening in hears both sides;
// a human who takes over by voice is heard back through it. Optional and failure-tolerant:
// a room that cannot be joined is logged and the call goes on over HTTP as always.
import type { VoiceIo } from "./voice-io";

export interface CallRoom {
  leave(): Promise<void>;
}

export interface RoomInfo {
  url: string;
  token: string;
}

/** Long enough for a real SFU's handshake, short enough to give up on one that is not there. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Joins and publishes; null (logged) when the room cannot be joined. */
export async function joinCallRoom(info: RoomInfo, io: VoiceIo): Promise<CallRoom | null> {
  // Loaded only for calls that have a room: most calls never need the client.
  const { Room, RoomEvent, Track } = await import("livekit-client");
  const room = new Room({ adaptiveStream: false, dynacast: false });
  const played = new Set<HTMLMediaElement>();
  room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => {
    // The human who took over, speaking to the caller.
    if (track.kind !== Track.Kind.Audio || !participant.identity.startsWith("human:")) return;
    const element = track.attach();
    element.hidden = true;
    document.body.append(element);
    played.add(element);
  });
  room.on(RoomEvent.TrackUnsubscribed, (track) => {
    for (const element of track.detach()) {
      element.remove();
      played.delete(element);
    }
  });
  try {
    await room.connect(info.url, info.token, {
      autoSubscribe: true,
      maxRetries: 0,
      websocketTimeout: CONNECT_TIMEOUT_MS,
      peerConnectionTimeout: CONNECT_TIMEOUT_MS,
    });
    const mic = io.micTrack();
    if (mic) {
      await room.localParticipant.publishTrack(mic, {
        name: "caller",
        source: Track.Source.Microphone,
      });
    }
    await room.localParticipant.publishTrack(io.agentTrack(), {
      name: "agent",
      source: Track.Source.Unknown,
    });
  } catch (error) {
    console.warn("the call's LiveKit room could not be joined; the call goes on", error);
    // false: leave the microphone and the agent's track running for the call itself.
    await room.disconnect(false).catch(() => {});
    return null;
  }
  return {
    async leave() {
      for (const element of played) element.remove();
      played.clear();
      // The tracks belong to the call's audio: unpublish them without stopping them.
      await room.disconnect(false).catch(() => {});
    },
  };
}
