import type { Page } from "playwright-core";

export class AnalyticsPage {
  constructor(private readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/analytics${query}`);
    await this.page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
  }

  /** Picks a campaign in the filter and applies it. */
  async filterByCampaign(name: string) {
    await this.page.getByLabel("Campaign", { exact: true }).selectOption({ label: name });
    await this.page.getByRole("button", { name: "Apply" }).click();
    await this.page.waitForURL(/campaign=[0-9a-f-]{36}/);
  }

  async quickRange(days: number) {
    await this.page.getByRole("link", { name: `Last ${days} days` }).click();
    await this.page.waitForURL(/from=\d{4}-\d{2}-\d{2}/);
  }

  /** A headline figure, by its tile's label. */
  async tileValue(label: string) {
    const tile = this.page
      .getByTestId("kpi-tiles")
      .locator("div")
      .filter({ has: this.page.getByText(label, { exact: true }) });
    return (await tile.locator("dd").first().textContent())?.trim() ?? "";
  }

  campaignRows() {
    return this.page.getByTestId("campaign-table").locator("tbody tr");
  }

  /** The charts once recharts has drawn their bars. */
  async chartsDrawn() {
    await this.page.locator(".recharts-bar-rectangle").first().waitFor();
    return this.page.locator(".recharts-wrapper").count();
  }

  empty() {
    return this.page.getByTestId("analytics-empty");
  }
}
