// Page objects for notifications: the campaign page's Notifications card and the
// Settings → Webhooks page (targets and the delivery log).
import type { Page } from "playwright-core";

export class NotificationsCard {
  constructor(private readonly page: Page) {}

  get root() {
    return this.page.getByTestId("notification-settings");
  }

  async setWebhook(url: string) {
    await this.root.getByLabel("Webhook URL").fill(url);
    await this.root.getByRole("button", { name: "Save notifications" }).click();
    await this.root.getByRole("status").getByText("Notifications saved").waitFor();
  }

  /** Reveals the signing secret and reads it off the card. */
  async secret() {
    await this.root.getByRole("button", { name: "Reveal" }).click();
    const text = await this.root.getByTestId("signing-secret").textContent();
    return text?.trim() ?? "";
  }
}

export class WebhooksPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/settings/webhooks");
    await this.page.getByRole("heading", { name: "Delivery log" }).waitFor();
  }

  /** The delivery-log entries (the table on desktop, the list on a phone) for `eventId`. */
  entries(eventId: string) {
    return this.page.locator(`[data-event-id="${eventId}"]:visible`);
  }
}
