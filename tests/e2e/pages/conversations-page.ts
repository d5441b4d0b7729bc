import type { Page } from "playwright-core";

/** The conversations list and a call's detail page. */
export class ConversationsPage {
  constructor(private readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/conversations${query}`);
    await this.page.getByRole("heading", { name: "Conversations" }).waitFor();
  }

  /** The rows of whichever layout is showing (the table on a desktop, cards on a phone). */
  rows() {
    return this.page.locator(
      '[data-testid="conversation-table"]:visible tbody tr, [data-testid="conversation-cards"]:visible li',
    );
  }

  async filter(choice: { campaign?: string; status?: string; channel?: string }) {
    if (choice.campaign)
      await this.page
        .getByLabel("Campaign", { exact: true })
        .selectOption({ label: choice.campaign });
    if (choice.status)
      await this.page.getByLabel("Status", { exact: true }).selectOption({ label: choice.status });
    if (choice.channel)
      await this.page
        .getByLabel("Channel", { exact: true })
        .selectOption({ label: choice.channel });
    await this.page.getByRole("button", { name: "Apply" }).click();
    await this.page.waitForURL(/\/conversations\?/);
  }

  async nextPage() {
    await this.page.getByRole("link", { name: "Next page" }).click();
    await this.page.waitForURL(/after=/);
  }

  async newer() {
    await this.page.getByRole("link", { name: "Newer" }).click();
    await this.page.waitForURL(/before=/);
  }

  async openCall(id: string) {
    await this.page.goto(`/conversations/${id}`);
    await this.page.getByRole("heading", { name: "Transcript" }).waitFor();
  }

  transcriptLine(seq: number) {
    return this.page.locator(`#turn-${seq}`);
  }

  evidenceLinks() {
    return this.page.getByTestId("lead-evidence").getByRole("link");
  }
}
