// One HTTP POST with a hard deadline (setTimeout + AbortController: AbortSignal.timeout can
// lose its timer on Node 20, FACTS.md) and no redirects (a redirect could lead a checked URL
// to an internal one). In production the connection's own DNS lookup refuses private
// addresses, so a host that resolves to a public address when checked and to an internal one
// a moment later (DNS rebinding) is still refused: the address checked is the one connected
// to. Answers an attempt for the delivery log; never throws.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { Attempt, Target } from "@/lib/db/queries/notifications";
import { isPrivateAddress } from "./url-safety";

export const DELIVERY_TIMEOUT_MS = 5_000;

type Resolve = (
  host: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const resolveAll: Resolve = (host, callback) => dnsLookup(host, { all: true }, callback);

/**
 * The lookup a delivery connects with: every address the host resolves to, and in
 * production none of them private (checked here, at connect time, not only before).
 */
export function connectLookup(production: boolean, resolve: Resolve = resolveAll): LookupFunction {
  return (host, options, callback) => {
    resolve(host, (error, addresses) => {
      if (error) return callback(error, "", 0);
      if (production && addresses.some((a) => isPrivateAddress(a.address)))
        return callback(new Error("The URL resolves to a private address"), "", 0);
      if (!addresses.length) return callback(new Error(`${host} has no address`), "", 0);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export interface PostOptions {
  destination?: string;
  timeoutMs?: number;
  /** Refuse private addresses at connect time (webhooks in production). */
  production?: boolean;
  resolve?: Resolve;
}

export async function postJson(
  target: Target,
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions = {},
): Promise<Attempt> {
  const { destination = url, timeoutMs = DELIVERY_TIMEOUT_MS } = options;
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const attempt = (ok: boolean, statusCode: number | null, error: string | null): Attempt => ({
    target,
    destination,
    ok,
    statusCode,
    error,
    durationMs: performance.now() - started,
  });
  try {
    const status = await post(url, body, headers, controller.signal, options);
    return status >= 200 && status < 300
      ? attempt(true, status, null)
      : attempt(false, status, `The receiver answered ${status}`);
  } catch (error) {
    const message = controller.signal.aborted
      ? `No answer within ${timeoutMs / 1000} s`
      : error instanceof Error
        ? error.message
        : String(error);
    return attempt(false, null, message);
  } finally {
    clearTimeout(timer);
  }
}

/** The POST itself: resolves with the status once the answer's head is in (its body drained). */
function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  options: PostOptions,
): Promise<number> {
  const request = new URL(url).protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "Voxline-Webhooks/1",
          ...headers,
        },
        lookup: connectLookup(options.production ?? false, options.resolve),
        signal,
      },
      (res) => {
        // The body is not ours to keep: drain it so the socket is freed.
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
