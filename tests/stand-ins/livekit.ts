// A local LiveKit server's RoomService, as the server SDK speaks it: Twirp over HTTP,
// `POST /twirp/livekit.RoomService/<Method>` with camelCase JSON and a Bearer JWT signed with
// the API secret (checked here, with the grant each method needs). Rooms are kept in memory;
// every request is recorded with its verified claims. Faults are armed per method with
// `arm("CreateRoom" | "DeleteRoom" | "ListRooms", "500" | "hang")`, or over HTTP with
// POST /__faults (see ./faults.ts). There is no SFU: nothing here carries WebRTC media.
//
// signWebhook() signs a webhook body the way LiveKit does: the Authorization header is a JWT
// from the API key and secret whose sha256 claim is the base64 SHA-256 of the exact body.
import { createHash } from "node:crypto";
import { jwtVerify } from "jose";
import { AccessToken } from "livekit-server-sdk";
import { answerError, armOverHttp, faultQueue, hang } from "./faults";
import { json, listen, readBody } from "./http";

export type RoomMethod = "CreateRoom" | "DeleteRoom" | "ListRooms" | "RemoveParticipant";

export interface RoomRequest {
  method: string;
  body: Record<string, unknown>;
  /** The bearer token's verified claims (iss = API key, video = grants). */
  claims: Record<string, unknown>;
}

interface StoredRoom {
  sid: string;
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  metadata: string;
  creationTime: string;
}

/** The grant each RoomService method needs (what the real server checks). */
const NEEDS: Record<string, string> = {
  CreateRoom: "roomCreate",
  DeleteRoom: "roomCreate",
  ListRooms: "roomList",
  RemoveParticipant: "roomAdmin",
};

export async function startLiveKitStandIn(options: { apiKey?: string; apiSecret?: string } = {}) {
  const apiKey = options.apiKey ?? "APIstandin";
  const apiSecret = options.apiSecret ?? "livekit-stand-in-secret-0123456789abcdef";
  const requests: RoomRequest[] = [];
  const rooms = new Map<string, StoredRoom>();
  const faults = faultQueue<RoomMethod>();
  const secret = new TextEncoder().encode(apiSecret);
  let sids = 0;

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const raw = (await readBody(req)).toString();
    const body = JSON.parse(raw || "{}") as Record<string, unknown>;
    if (armOverHttp(faults, url.pathname, body, res)) return;
    const match = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(url.pathname);
    if (req.method !== "POST" || !match) {
      json(res, 404, { code: "bad_route", msg: `no handler for ${url.pathname}` });
      return;
    }
    const method = match[1]!;
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const verified = await jwtVerify(token, secret).catch(() => null);
    if (!verified || verified.payload.iss !== apiKey) {
      json(res, 401, { code: "unauthenticated", msg: "invalid token" });
      return;
    }
    const claims = verified.payload as Record<string, unknown>;
    requests.push({ method, body, claims });
    const grants = (claims.video ?? {}) as Record<string, unknown>;
    const need = NEEDS[method];
    if (!need) {
      json(res, 404, { code: "bad_route", msg: `stand-in has no ${method}` });
      return;
    }
    if (grants[need] !== true) {
      json(res, 403, { code: "permission_denied", msg: `needs ${need}` });
      return;
    }
    const fault = faults.take(method as RoomMethod);
    if (fault === "hang") return hang(res);
    if (fault === "500" || fault === "429") {
      return answerError(res, fault, { code: "internal", msg: "stand-in fault" });
    }
    switch (method) {
      case "CreateRoom": {
        const name = String(body.name ?? "");
        const room = rooms.get(name) ?? {
          sid: `RM_standin${++sids}`,
          name,
          emptyTimeout: Number(body.emptyTimeout ?? 0),
          maxParticipants: Number(body.maxParticipants ?? 0),
          metadata: String(body.metadata ?? ""),
          creationTime: String(Math.floor(Date.now() / 1000)),
        };
        rooms.set(name, room);
        return json(res, 200, room);
      }
      case "DeleteRoom": {
        const name = String(body.room ?? "");
        if (!rooms.delete(name)) {
          return json(res, 404, { code: "not_found", msg: "requested room does not exist" });
        }
        return json(res, 200, {});
      }
      case "RemoveParticipant":
        // No SFU here, so nobody is ever in a room: what LiveKit answers for an absent one.
        return json(res, 404, { code: "not_found", msg: "participant not found" });
      default:
        return json(res, 200, { rooms: [...rooms.values()] });
    }
  });

  return {
    /** As LIVEKIT_URL (the SDK turns ws: into http: for Twirp). */
    url: server.origin.replace("http:", "ws:"),
    origin: server.origin,
    apiKey,
    apiSecret,
    requests,
    rooms,
    arm: faults.arm,
    clearFaults: faults.clear,
    /** The environment that points Voxline at this stand-in. */
    env: () => ({
      LIVEKIT_URL: server.origin.replace("http:", "ws:"),
      LIVEKIT_API_KEY: apiKey,
      LIVEKIT_API_SECRET: apiSecret,
    }),
    close: server.close,
  };
}

export type LiveKitStandIn = Awaited<ReturnType<typeof startLiveKitStandIn>>;

/** The Authorization header LiveKit sends with a webhook body. */
export async function signWebhook(body: string, apiKey: string, apiSecret: string) {
  const at = new AccessToken(apiKey, apiSecret, { ttl: 5 * 60 });
  at.sha256 = createHash("sha256").update(body).digest("base64");
  return at.toJwt();
}
