import type { Page } from "playwright-core";

/** The campaign page's "Recordings & retention" card. */
export class RecordingSettingsCard {
  constructor(private readonly page: Page) {}

  heading() {
    return this.page.getByRole("heading", { name: "Recordings & retention" });
  }

  recordCalls() {
    return this.page.getByLabel("Record calls");
  }

  retentionDays() {
    return this.page.getByLabel("Keep conversations for (days)");
  }

  async save() {
    await this.page.getByRole("button", { name: "Save recording settings" }).click();
  }

  saved() {
    return this.page.getByRole("status").getByText("Recording settings saved");
  }
}
