import type { Page } from "playwright-core";

/** The dashboard's Live page, read and driven as a workspace member would. */
export class LivePage {
  constructor(readonly page: Page) {}

  open() {
    return this.page.goto("/live");
  }

  /** The card of one call in progress. */
  call(conversationId: string) {
    return this.page.locator(`[data-testid=live-call][data-conversation-id="${conversationId}"]`);
  }

  /** Waits for a turn by `role` with exactly `text` in that call's transcript. */
  async waitForTurn(conversationId: string, role: string, text: string) {
    await this.call(conversationId)
      .locator(`li[data-role=${role}]`, { hasText: text })
      .first()
      .waitFor();
  }

  turns(conversationId: string, role: string) {
    return this.call(conversationId).locator(`li[data-role=${role}]`).count();
  }

  async takeOver(conversationId: string) {
    await this.call(conversationId).getByRole("button", { name: "Take over" }).click();
    await this.page
      .locator(`[data-testid=live-call][data-conversation-id="${conversationId}"][data-held=me]`)
      .waitFor();
  }

  async reply(conversationId: string, text: string) {
    const card = this.call(conversationId);
    await card.getByLabel("Your reply to the caller").fill(text);
    await card.getByRole("button", { name: "Send" }).click();
    await this.waitForTurn(conversationId, "human_agent", text);
  }

  async handBack(conversationId: string) {
    await this.call(conversationId).getByRole("button", { name: "Hand back to the agent" }).click();
    await this.page
      .locator(`[data-testid=live-call][data-conversation-id="${conversationId}"][data-held=no]`)
      .waitFor();
  }

  async shoot(dir: string, name: string) {
    await this.page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  }
}
