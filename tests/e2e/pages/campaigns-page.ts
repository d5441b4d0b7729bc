import type { Page } from "playwright-core";

export class CampaignsPage {
  constructor(private readonly page: Page) {}

  async create(name: string, question: string) {
    await this.page.getByRole("link", { name: "New campaign" }).first().click();
    await this.page.waitForURL("**/campaigns/new");
    await this.page.getByLabel("Campaign name").fill(name);
    await this.page.getByRole("button", { name: "Add question" }).click();
    await this.page.getByRole("textbox", { name: "Question 3" }).fill(question);
    await this.page.getByRole("button", { name: "Create campaign" }).click();
    await this.page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  }

  list() {
    return this.page.getByTestId("campaign-list");
  }
}
