// A webhook receiver (also a Slack incoming webhook: same protocol, a JSON POST answered 200):
// records each request's headers and raw body, answers the statuses it is told to in order
// (then 200), optionally after a delay.
import { json, listen, readBody, sleep } from "./http";

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function startWebhookReceiver() {
  const requests: ReceivedRequest[] = [];
  const statuses: number[] = [];
  let delayMs = 0;
  const server = await listen(async (req, res) => {
    const body = (await readBody(req)).toString("utf8");
    requests.push({ path: req.url ?? "/", headers: req.headers, body });
    if (delayMs) await sleep(delayMs);
    const status = statuses.shift() ?? 200;
    json(res, status, status < 300 ? { ok: true } : { error: "stand-in told to fail" });
  });
  return {
    ...server,
    url: (path = "/hooks/voxline") => `${server.origin}${path}`,
    requests,
    /** The next requests' statuses, in order; afterwards 200. */
    answer: (...codes: number[]) => statuses.push(...codes),
    slow: (ms: number) => {
      delayMs = ms;
    },
    reset: () => {
      requests.length = 0;
      statuses.length = 0;
      delayMs = 0;
    },
  };
}
