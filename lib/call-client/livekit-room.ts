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

/**
 * A room (not yet joined) that plays, hidden, the audio of each remote participant `hear`
 * accepts; `connect` gives up on a missing SFU within the bound; `stopPlaying` removes what
 * it played. Shared by the caller's page and a member's Live page. livekit-client is loaded
 * only here: most calls never need it.
 */
export async function audioRoom(hear: (identity: string) => boolean) {
  const livekit = await import("livekit-client");
  const { Room, RoomEvent, Track } = livekit;
  const room = new Room({ adaptiveStream: false, dynacast: false });
  const played = new Set<HTMLMediaElement>();
  room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => {
    if (track.kind !== Track.Kind.Audio || !hear(participant.identity)) return;
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
  return {
    room,
    livekit,
    connect: (info: RoomInfo) =>
      room.connect(info.url, info.token, {
        autoSubscribe: true,
        maxRetries: 0,
        websocketTimeout: CONNECT_TIMEOUT_MS,
        peerConnectionTimeout: CONNECT_TIMEOUT_MS,
      }),
    stopPlaying() {
      for (const element of played) element.remove();
      played.clear();
    },
  };
}

/** Joins and publishes; null (logged) when the room cannot be joined. */
export async function joinCallRoom(info: RoomInfo, io: VoiceIo): Promise<CallRoom | null> {
  // The human who took over, speaking to the caller.
  const { room, livekit, connect, stopPlaying } = await audioRoom((id) => id.startsWith("human:"));
  const { Track } = livekit;
  try {
    await connect(info);
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
      stopPlaying();
      // The tracks belong to the call's audio: unpublish them without stopping them.
      await room.disconnect(false).catch(() => {});
    },
  };
}
