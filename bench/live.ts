// npm run bench:live — live-monitor delay and takeover delay, on `next dev` (the embedded
// default: PGlite, the scripted agent, Deepgram TTS on the stand-in with the shared profile's
// TTS latency: first byte 80 ms, 100 ms of audio every 10 ms).
//
// Live-monitor delay: a caller's typed turn is stored when the turn route claims it, just
// before it sends its first NDJSON line; the bench takes the arrival of that line as "stored"
// (so the figure slightly underestimates by the line's trip) and the moment the owner's /live
// page (Chromium) renders the turn's words (a MutationObserver, same machine clock) as
// "shown". Takeover delay: the owner clicks Send on the Live page → the caller's event feed
// (GET /api/calls/:id/events, read here as the caller's page reads it) delivers the reply's
// first audio frame; the caller's page schedules it 5 ms later.
//
//   --turns N    caller turns measured (default 24)   --replies N   person's replies (default 6)
import { parseArgs } from "node:util";
import { startVoiceStack, warmCallRoutes } from "../tests/e2e/pages/call-harness";
import { LivePage } from "../tests/e2e/pages/live-page";
import { DESKTOP } from "../tests/e2e/support/chromium";
import { Owner } from "../tests/e2e/support/owner";
import { printHelpAndExit } from "./server";
import { percentile, round } from "./stats";

const { values } = parseArgs({
  options: {
    turns: { type: "string", default: "24" },
    replies: { type: "string", default: "6" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) printHelpAndExit(import.meta.url);
const TURNS = Number(values.turns);
const REPLIES = Number(values.replies);
const log = (line: string) => console.error(line);

const stack = await startVoiceStack({}, log);
stack.deepgram.set({
  speech: { firstByteMs: 80, chunkAudioMs: 100, chunkEveryMs: 10, totalAudioMs: 1000 },
});
try {
  const base = stack.server.url;
  const owner = await Owner.signUp(base, "bench-live@example.com");
  const { slug } = await owner.campaign("Bench live", "active");
  await warmCallRoutes(base, slug);

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  // The scripted agent closes a call once its questions are answered: a new call every few turns.
  const TURNS_PER_CALL = 5;
  let id = "";
  let token = "";
  async function newCall() {
    const started = (await (await post("/api/calls", { campaignSlug: slug })).json()) as {
      conversationId: string;
      callToken: string;
    };
    id = started.conversationId;
    token = started.callToken;
  }
  await newCall();

  const browser = await stack.browser();
  const live = new LivePage((await stack.callPage(browser, DESKTOP, owner.cookie)).page);
  await live.page.goto("/live", { timeout: 600_000 }); // the first visit compiles it
  await live.call(id).waitFor();
  await live.page.locator("[data-testid=live-status][data-status=live]").waitFor();
  // Records when each transcript line first shows, by its text.
  await live.page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __shown: Record<string, number> }).__shown = seen;
    new MutationObserver(() => {
      for (const li of document.querySelectorAll("[data-testid=live-transcript] li[data-role]"))
        seen[li.textContent ?? ""] ??= Date.now();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });

  /** A typed turn; resolves at its first NDJSON line (the turn is stored), finishes in the background. */
  async function turn(text: string) {
    const res = await post("/api/voice/turn", { text }, token);
    const reader = res.body!.getReader();
    await reader.read();
    const storedAt = Date.now();
    const decoder = new TextDecoder();
    let rest = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
    }
    const last = rest.trim().split("\n").at(-1);
    if (last) token = (JSON.parse(last) as { callToken?: string }).callToken ?? token;
    return storedAt;
  }
  const shownAt = (text: string) =>
    live.page.evaluate(
      (t) =>
        Object.entries((window as unknown as { __shown: Record<string, number> }).__shown).find(
          ([k]) => k.endsWith(t),
        )?.[1] ?? null,
      text,
    );

  const monitor: number[] = [];
  for (let i = 0; i < TURNS; i++) {
    if (i > 0 && i % TURNS_PER_CALL === 0) {
      await post(`/api/calls/${id}/end`, {}, token);
      await newCall();
      await live.call(id).waitFor();
    }
    const text = `Bench turn number ${i + 1} about the roof.`;
    const storedAt = await turn(text);
    await live.waitForTurn(id, "caller", text);
    const shown = await shownAt(text);
    if (shown !== null) monitor.push(shown - storedAt);
  }
  log(`monitor: ${monitor.length} turns measured`);

  await post(`/api/calls/${id}/end`, {}, token);
  await newCall();
  await live.call(id).waitFor();
  await live.takeOver(id);
  const feed = await fetch(`${base}/api/calls/${id}/events`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const reader = feed.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  /** Reads the feed until the next reply's first audio frame; returns when it arrived. */
  async function firstAudio(): Promise<number> {
    for (;;) {
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines)
        if (line.includes('"type":"audio"') && line.includes('"sampleOffset":0')) {
          buffered = lines.slice(lines.indexOf(line) + 1).join("\n") + buffered;
          return Date.now();
        }
      const { value, done } = await reader.read();
      if (done) throw new Error("the feed ended");
      buffered += decoder.decode(value, { stream: true });
    }
  }
  const takeover: number[] = [];
  for (let i = 0; i < REPLIES; i++) {
    const text = `Reply ${i + 1} from a person on the team.`;
    const card = live.call(id);
    await card.getByLabel("Your reply to the caller").fill(text);
    const heard = firstAudio();
    const sentAt = Date.now();
    await card.getByRole("button", { name: "Send" }).click();
    takeover.push((await heard) - sentAt);
    await live.waitForTurn(id, "human_agent", text);
    await new Promise((r) => setTimeout(r, 1200)); // the reply plays out
  }
  await reader.cancel();
  await live.handBack(id);
  await post(`/api/calls/${id}/end`, {}, token);

  const row = (name: string, xs: number[]) =>
    `| ${name} | ${xs.length} | ${percentile(xs, 50)} | ${percentile(xs, 95)} | ${round(Math.max(...xs))} |`;
  console.log("| delay (ms) | n | p50 | p95 | max |");
  console.log("|---|--:|--:|--:|--:|");
  console.log(row("live monitor: turn stored → shown on /live", monitor));
  console.log(row("takeover: owner clicks Send → caller's first audio", takeover));
} finally {
  await stack.close();
}
