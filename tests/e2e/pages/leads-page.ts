import type { Download, Page } from "playwright-core";

/** The Leads list and a lead's detail page, as an owner drives them. */
export class LeadsPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/leads${query}`);
    await this.page.getByRole("heading", { name: "Leads", exact: true }).waitFor();
  }

  /** The rows of the desktop table (the phone layout shows cards instead). */
  rows() {
    return this.page.getByTestId("lead-row");
  }

  cards() {
    return this.page.getByTestId("lead-cards").locator("li");
  }

  async search(text: string) {
    await this.page.getByLabel("Search").fill(text);
    await this.page.getByRole("button", { name: "Apply" }).click();
    await this.page.waitForURL(/[?&]q=/);
  }

  async filterStatus(label: string) {
    await this.page.getByLabel("Status", { exact: true }).selectOption({ label });
    await this.page.getByRole("button", { name: "Apply" }).click();
    await this.page.waitForURL(/[?&]status=/);
  }

  async openLead(name: string) {
    await this.page.getByTestId("lead-table").getByRole("link", { name }).click();
    await this.page.getByTestId("lead-name").filter({ hasText: name }).waitFor();
  }

  /** Clicks a workflow button ("Mark contacted") and waits for the page to show the status. */
  async changeStatus(button: string, status: string) {
    await this.page.getByRole("button", { name: button }).click();
    await this.page.getByRole("status").getByText(`Status: ${status}.`).waitFor();
  }

  async assign(email: string) {
    await this.page.getByLabel("Assigned to").fill(email);
    await this.page.getByRole("button", { name: "Assign" }).click();
  }

  async exportCsv(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId("export-csv").click(),
    ]);
    return download;
  }
}
