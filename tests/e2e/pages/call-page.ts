import type { Page } from "playwright-core";

type Probe = {
  state: () => {
    phase: string;
    conversationId: string | null;
    mic: string;
    notice: string | null;
    error: { message: string } | null;
  };
  stats: () => { scheduledSamples: number; playedSamples: number; vadFrames: number };
  turns: {
    speechEndAt: number | null;
    firstSoundAt: number | null;
    via: "stream" | "upload" | "text";
  }[];
  sttFallbacks: string[];
  interrupts: {
    seq: number;
    pieceId: number;
    sampleOffset: number;
    heardMs: number;
    heardText: string;
  }[];
};

/** The caller's page, read the way a caller (or a screen reader) would. */
export class CallPage {
  constructor(readonly page: Page) {}

  /** `stt: "upload"` makes the page upload every utterance (no streaming transcription). */
  open(slug: string, preview = false, stt?: "upload") {
    const query = new URLSearchParams({
      ...(preview ? { preview: "1" } : {}),
      ...(stt ? { stt } : {}),
    }).toString();
    return this.page.goto(`/call/${slug}${query ? `?${query}` : ""}`);
  }

  async start() {
    await this.page.getByRole("button", { name: "Start the call" }).click();
    await this.page.getByTestId("in-call").waitFor();
  }

  phase() {
    return this.page.getByTestId("call-status").getAttribute("data-phase");
  }

  /** Waits for the call to reach `phase`; a timeout says which phase it was stuck in. */
  async waitForPhase(phase: string, timeout = 30_000) {
    const status = this.page.locator("[data-testid=call-status]");
    try {
      await this.page
        .locator(`[data-testid=call-status][data-phase=${phase}]`)
        .waitFor({ timeout });
    } catch (error) {
      const now = await status.getAttribute("data-phase").catch(() => null);
      const where = await this.probe((p) => ({
        turns: p.turns,
        sttFallbacks: p.sttFallbacks,
        stats: p.stats(),
      })).catch(() => null);
      throw new Error(
        `The call did not reach "${phase}" in ${timeout} ms: it is "${now}" ${JSON.stringify(where)}`,
        { cause: error },
      );
    }
  }

  captions(who: "agent" | "caller") {
    return this.page.getByTestId("captions").locator(`li[data-who=${who}]`).allTextContents();
  }

  /**
   * Waits for `n` caller captions; a timeout says where the call stood (phase, both sides'
   * captions, each turn's path and why a stream fell back), since under load "no caption"
   * alone does not tell a slow call start from a lost utterance.
   */
  async waitForCallerCaptions(n: number, timeout = 60_000) {
    const enough = `document.querySelectorAll('[data-testid=captions] li[data-who=caller]').length >= ${n}`;
    try {
      await this.page.waitForFunction(enough, undefined, { timeout, polling: 250 });
    } catch (error) {
      const where = await this.probe((p) => ({
        state: p.state(),
        turns: p.turns,
        sttFallbacks: p.sttFallbacks,
        stats: p.stats(),
      })).catch(() => null);
      const captions = {
        caller: await this.captions("caller").catch(() => null),
        agent: await this.captions("agent").catch(() => null),
      };
      throw new Error(
        `${n} caller captions did not show in ${timeout} ms: ${JSON.stringify({ captions, where })}`,
        { cause: error },
      );
    }
  }

  async say(text: string) {
    await this.page.getByLabel("Type a message to the agent").fill(text);
    await this.page.getByRole("button", { name: "Send" }).click();
  }

  /** Presses End and waits for the server to have ended the call, not only the page. */
  async end() {
    const ended = this.page.waitForResponse(
      (r) => r.request().method() === "POST" && /\/api\/calls\/[^/]+\/end$/.test(r.url()),
    );
    await this.page.getByRole("button", { name: "End call" }).click();
    await this.page.getByTestId("call-ended").waitFor();
    await ended;
  }

  probe<T>(fn: (p: Probe) => T): Promise<T> {
    return this.page.evaluate(`(${fn.toString()})(window.__voxline)`) as Promise<T>;
  }

  /** Set once POST /api/calls has answered (the in-call view shows before that). */
  async conversationId() {
    await this.page.waitForFunction("window.__voxline?.state().conversationId");
    return this.probe((p) => p.state().conversationId);
  }

  stats() {
    return this.probe((p) => p.stats());
  }

  async shoot(dir: string, name: string) {
    await this.page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  }
}
