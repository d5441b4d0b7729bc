// A Twilio stand-in: it places calls to the app the way Twilio's voice platform does. Every
// webhook is a form-encoded POST to the URL the number is configured with, signed with
// X-Twilio-Signature exactly as Twilio signs it (the twilio package's own
// getExpectedTwilioSignature over the full URL and the sorted form fields). It reads the
// TwiML it gets back as XML (never as strings), resolves relative action URLs against the
// URL it called, as Twilio does, and fetches <Play> audio like Twilio's media fetcher.
// startTwilioApi serves the one REST call the app makes (the health check's account fetch).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { DOMParser, type Element } from "@xmldom/xmldom";
import twilio from "twilio";

export interface Verb {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Verb[];
}

export interface TwimlAnswer {
  status: number;
  url: string;
  contentType: string | null;
  raw: string;
  /** The TwiML's verbs (empty when the answer is not TwiML). */
  verbs: Verb[];
  json: any;
}

function toVerb(el: Element): Verb {
  const attrs: Record<string, string> = {};
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    attrs[a.name] = a.value;
  }
  const children: Verb[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) children.push(toVerb(n as unknown as Element));
  }
  return { name: el.tagName, attrs, text: el.textContent ?? "", children };
}

export function parseTwiml(xml: string): Verb[] {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (_level, msg) => void errors.push(msg) }).parseFromString(
    xml,
    "text/xml",
  );
  if (errors.length) throw new Error(`invalid TwiML: ${errors.join("; ")}\n${xml}`);
  const root = doc.documentElement;
  if (root?.tagName !== "Response" || !root) throw new Error(`not TwiML: ${xml}`);
  return toVerb(root as unknown as Element).children;
}

/** Every verb, depth first (a <Play> inside a <Gather> included). */
export const flatVerbs = (verbs: Verb[]): Verb[] =>
  verbs.flatMap((v) => [v, ...flatVerbs(v.children)]);

export const hex = (n: number) => randomBytes(n).toString("hex");

export interface TwilioStandIn {
  accountSid: string;
  authToken: string;
  /** A new inbound call from `from` to `to`; nothing is sent until `incoming()`. */
  call(from: string, to: string): TwilioCall;
  /** Posts a form to a path of the app, signed (or as told: unsigned, forged, re-signed). */
  post(
    path: string,
    params: Record<string, string>,
    opts?: { signature?: string | null; signWith?: string; signUrl?: string },
  ): Promise<TwimlAnswer>;
  /** GETs a <Play> URL like Twilio's media fetcher (unsigned). */
  fetchMedia(url: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }>;
}

export function startTwilioStandIn(opts: { appUrl: string }): TwilioStandIn {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const base = opts.appUrl.replace(/\/$/, "");

  const post: TwilioStandIn["post"] = async (path, params, o = {}) => {
    const url = new URL(path, `${base}/`).toString();
    const signature =
      o.signature === undefined
        ? twilio.getExpectedTwilioSignature(o.signWith ?? authToken, o.signUrl ?? url, params)
        : o.signature;
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "TwilioProxy/1.1",
      "i-twilio-idempotency-token": hex(16),
    };
    if (signature !== null) headers["x-twilio-signature"] = signature;
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: new URLSearchParams(params).toString(),
    });
    const raw = await res.text();
    const contentType = res.headers.get("content-type");
    let verbs: Verb[] = [];
    let json: any = null;
    if (contentType?.startsWith("text/xml")) verbs = parseTwiml(raw);
    else if (contentType?.startsWith("application/json")) json = JSON.parse(raw);
    return { status: res.status, url, contentType, raw, verbs, json };
  };

  const fetchMedia: TwilioStandIn["fetchMedia"] = async (url) => {
    const res = await fetch(url, { headers: { "user-agent": "TwilioProxy/1.1" } });
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      bytes: new Uint8Array(await res.arrayBuffer()),
    };
  };

  return {
    accountSid,
    authToken,
    post,
    fetchMedia,
    call: (from, to) => new TwilioCall({ accountSid, post }, from, to),
  };
}

/** One call's webhooks, with the fields Twilio sends on every voice request. */
export class TwilioCall {
  readonly sid = `CA${hex(16)}`;
  constructor(
    private readonly twilio: Pick<TwilioStandIn, "accountSid" | "post">,
    readonly from: string,
    readonly to: string,
  ) {}

  fields(status = "in-progress"): Record<string, string> {
    return {
      AccountSid: this.twilio.accountSid,
      ApiVersion: "2010-04-01",
      CallSid: this.sid,
      CallStatus: status,
      Called: this.to,
      Caller: this.from,
      Direction: "inbound",
      From: this.from,
      FromCountry: "US",
      To: this.to,
      ToCountry: "US",
    };
  }

  async send(path: string, extra: Record<string, string> = {}, status?: string) {
    return this.twilio.post(path, { ...this.fields(status), ...extra });
  }

  /** The number's voice URL: the call is ringing. */
  incoming() {
    return this.send("/api/telephony/voice", {}, "ringing");
  }

  /** Follows a <Gather>'s action with what the caller did (nothing: an empty result). */
  gather(answer: TwimlAnswer, input: { speech?: string; digits?: string } = {}) {
    const g = flatVerbs(answer.verbs).find((v) => v.name === "Gather");
    if (!g) throw new Error(`no <Gather> in ${answer.raw}`);
    const action = new URL(g.attrs.action ?? "", answer.url);
    const extra: Record<string, string> = {};
    if (input.speech !== undefined) {
      extra.SpeechResult = input.speech;
      extra.Confidence = "0.92";
    }
    if (input.digits !== undefined) extra.Digits = input.digits;
    return this.send(action.pathname + action.search, extra);
  }

  /** Follows a <Redirect>, as Twilio does once the verbs before it finish. */
  redirect(answer: TwimlAnswer) {
    const r = answer.verbs.find((v) => v.name === "Redirect");
    if (!r) throw new Error(`no <Redirect> in ${answer.raw}`);
    const target = new URL(r.text.trim(), answer.url);
    return this.send(target.pathname + target.search);
  }

  /** Twilio finished a <Record>: its action with the recording, then the transcription. */
  recorded(answer: TwimlAnswer, recording: { url: string; seconds: number }) {
    const rec = answer.verbs.find((v) => v.name === "Record");
    if (!rec) throw new Error(`no <Record> in ${answer.raw}`);
    const action = new URL(rec.attrs.action ?? "", answer.url);
    return this.send(action.pathname + action.search, {
      RecordingUrl: recording.url,
      RecordingSid: `RE${hex(16)}`,
      RecordingDuration: String(recording.seconds),
      Digits: "hangup",
    });
  }

  transcribed(answer: TwimlAnswer, text: string) {
    const rec = answer.verbs.find((v) => v.name === "Record");
    const callback = new URL(rec?.attrs.transcribeCallback ?? "", answer.url);
    return this.send(callback.pathname + callback.search, {
      TranscriptionText: text,
      TranscriptionStatus: "completed",
      TranscriptionSid: `TR${hex(16)}`,
      RecordingUrl: "https://api.twilio.com/recording",
    });
  }

  /** A status callback (statusCallback URL configured on the number). */
  status(status: string, durationSeconds?: number) {
    const extra: Record<string, string> = { CallbackSource: "call-progress-events" };
    if (durationSeconds !== undefined) {
      extra.CallDuration = String(durationSeconds);
      extra.Duration = String(Math.ceil(durationSeconds / 60));
    }
    return this.twilio.post("/api/telephony/status", { ...this.fields(status), ...extra });
  }
}

export interface TwilioApiStandIn {
  url: string;
  /** How it answers: as Twilio does, or accepting the connection and never answering. */
  mode: "answer" | "hang";
  /** The account's status in its answers (Twilio: active, suspended or closed). */
  accountStatus: "active" | "suspended" | "closed";
  /** The requests it got: method, path and the account SID the credentials named. */
  requests: { method: string; path: string; user: string | null }[];
  close(): Promise<void>;
}

const twilioError = (res: ServerResponse, status: number, code: number, message: string) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      code,
      message,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    }),
  );
};

/**
 * Twilio's REST API for one account: GET /2010-04-01/Accounts/{Sid}.json behind HTTP basic
 * auth (the account SID and its auth token), answered with Twilio's JSON, its 401 (code 20003)
 * for wrong credentials and its 404 (20404) for another account's SID.
 */
export async function startTwilioApi(account: {
  accountSid: string;
  authToken: string;
}): Promise<TwilioApiStandIn> {
  const held: ServerResponse[] = [];
  const api: Omit<TwilioApiStandIn, "url" | "close"> = {
    mode: "answer",
    accountStatus: "active",
    requests: [],
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://twilio").pathname;
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const [user, pass] = basic
      ? Buffer.from(basic, "base64").toString().split(/:(.*)/s)
      : [null, null];
    api.requests.push({ method: req.method ?? "", path, user: user ?? null });
    if (api.mode === "hang") {
      held.push(res);
      return;
    }
    if (user !== account.accountSid || pass !== account.authToken) {
      twilioError(res, 401, 20003, "Authenticate");
      return;
    }
    const sid = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\.json$/.exec(path)?.[1];
    if (req.method !== "GET" || sid !== account.accountSid) {
      twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
      return;
    }
    const now = new Date().toUTCString();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        auth_token: account.authToken,
        date_created: now,
        date_updated: now,
        friendly_name: "Voxline test account",
        owner_account_sid: sid,
        sid,
        status: api.accountStatus,
        subresource_uris: {},
        type: "Full",
        uri: `/2010-04-01/Accounts/${sid}.json`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
