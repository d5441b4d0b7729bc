// The simulated callers' side of the wire: plain node:http with keep-alive (no SDK), an owner
// and a campaign set up through the API, and one WAV turn timed from the end of its upload to
// the first audio byte, on the wall clock the stand-ins also use (epoch ms, sub-ms).
import http from "node:http";
import { clock } from "../tests/stand-ins/http";
import { newTag, tagWav } from "./turn-tag";

const AUDIO_MARK = Buffer.from('"type":"audio"');
// The engine's holding phrase ("one moment…") is cached audio, not the reply: a turn whose
// first audio is one is counted apart, since no provider request produced that audio.
const HOLDING_MARK = Buffer.from('"kind":"holding"');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

interface Res {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function request(
  port: number,
  p: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: p,
        method: init.method ?? "GET",
        headers: init.headers,
        agent,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Signs an owner up and activates a campaign through the API; returns its public slug. */
export async function createCampaign(port: number): Promise<string> {
  const signUp = await request(port, "/api/auth/sign-up", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: `bench-${Date.now()}@example.com`,
      password: "bench password 1",
    }),
  });
  const cookie = ([] as string[])
    .concat(signUp.headers["set-cookie"] ?? [])
    .find((c) => c.startsWith("vx_session="))
    ?.split(";")[0];
  if (!cookie) throw new Error(`sign-up answered ${signUp.status}`);
  const headers = { "content-type": "application/json", cookie };
  const { defaultCampaignInput } = await import("@/lib/validations/campaign");
  const created = await request(port, "/api/campaigns", {
    method: "POST",
    headers,
    body: JSON.stringify({ ...defaultCampaignInput(), name: "Bench" }),
  });
  const campaign = JSON.parse(created.body).campaign;
  await request(port, `/api/campaigns/${campaign.id}/status`, {
    method: "POST",
    headers,
    body: JSON.stringify({ status: "active" }),
  });
  return campaign.publicSlug;
}

export async function startCall(port: number, slug: string, ip: string): Promise<string> {
  const start = await request(port, "/api/calls", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify({ campaignSlug: slug }),
  });
  if (start.status !== 201) throw new Error(`call start answered ${start.status}`);
  return JSON.parse(start.body).callToken as string;
}

export interface Marks {
  sttMs: number;
  llmFirstChunkMs: number | null;
  ttsFirstByteMs: number | null;
}

export interface TurnSample {
  tag: string;
  /** Epoch ms: the upload handed to the socket, and the first audio byte received. */
  uploadedAt: number;
  firstAudioAt: number;
  ttfa: number;
  /** The server's own marks, and the length of the reply's audio. */
  marks: Marks;
  audioMs: number;
  /** The first audio the caller heard was a holding phrase. */
  holdingFirst: boolean;
}

function multipart(wav: Buffer) {
  const boundary = `----vx${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="u.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
    ),
    wav,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** One WAV turn, tagged (turn-tag.ts) so the stand-ins' timings can be matched to it. */
export function audioTurn(
  port: number,
  call: { token: string; ip: string },
  wav: Uint8Array,
  idempotencyKey: string,
  tag = newTag(),
): Promise<TurnSample> {
  const { body, type } = multipart(tagWav(wav, tag));
  return new Promise((resolve, reject) => {
    let uploadedAt = 0;
    let firstAudioAt = 0;
    let holdingFirst = false;
    let tail = Buffer.alloc(0);
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/voice/turn",
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${call.token}`,
          "content-type": type,
          "content-length": body.length,
          "x-forwarded-for": call.ip,
          "idempotency-key": idempotencyKey,
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`turn answered ${res.statusCode}`));
        }
        // Scan bytes for the first audio event; keep only the tail, where the done event is.
        res.on("data", (chunk: Buffer) => {
          if (!firstAudioAt && chunk.includes(AUDIO_MARK)) {
            firstAudioAt = clock();
            const audioAt = chunk.indexOf(AUDIO_MARK);
            const holdingAt = Buffer.concat([tail, chunk.subarray(0, audioAt)]).indexOf(
              HOLDING_MARK,
            );
            holdingFirst = holdingAt >= 0;
          }
          tail = Buffer.concat([tail, chunk]).subarray(-8192);
        });
        res.on("end", () => {
          const last = tail.toString("utf8").trimEnd().split("\n").at(-1) ?? "";
          const done = last.includes('"type":"done"') ? JSON.parse(last) : null;
          if (!firstAudioAt || !done) return reject(new Error("turn ended without audio or done"));
          resolve({
            tag,
            uploadedAt,
            firstAudioAt,
            ttfa: firstAudioAt - uploadedAt,
            marks: done.turn.marks,
            audioMs: done.turn.audioMs,
            holdingFirst,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(body, () => {
      uploadedAt = clock();
    });
  });
}

/** A keep-alive socket the server closed while the caller listened resets on reuse: like a
 * real client, retry once with the same Idempotency-Key. */
export function audioTurnWithRetry(
  port: number,
  call: { token: string; ip: string },
  wav: Uint8Array,
  key: string,
) {
  const tag = newTag();
  return audioTurn(port, call, wav, key, tag).catch((error) =>
    String(error).includes("ECONNRESET")
      ? audioTurn(port, call, wav, key, tag)
      : Promise.reject(error),
  );
}
