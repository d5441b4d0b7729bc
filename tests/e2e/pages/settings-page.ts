// Settings → Profile and Settings → API keys, as a signed-in user drives them.
import type { Page } from "playwright-core";

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async openProfile() {
    await this.page.goto("/settings");
    await this.page.waitForURL("**/settings/profile");
    await this.page.getByRole("heading", { name: "Your account" }).waitFor();
  }

  async openApiKeys() {
    await this.page.getByRole("navigation", { name: "Settings" }).getByText("API keys").click();
    await this.page.waitForURL("**/settings/api-keys");
    await this.page.getByText("Keys for the read-only REST API").waitFor();
  }

  emptyState() {
    return this.page.getByTestId("api-keys-empty");
  }

  /** Creates a key; returns the secret the page shows once. */
  async createKey(name: string) {
    await this.page.getByLabel("Key name").fill(name);
    await this.page.getByRole("button", { name: "Create key" }).click();
    const secret = this.page.getByTestId("api-key-secret");
    await secret.waitFor();
    return secret.inputValue();
  }

  newKeyPanel() {
    return this.page.getByTestId("new-api-key");
  }

  row(name: string) {
    return this.page.locator(`[data-testid="api-key-row"][data-key-name="${name}"]`);
  }

  status(name: string) {
    return this.row(name).getByTestId("api-key-status");
  }

  async revoke(name: string) {
    const row = this.row(name);
    await row.getByRole("button", { name: "Revoke", exact: true }).click();
    await row.getByRole("alertdialog").waitFor();
    await row.getByRole("button", { name: "Revoke key" }).click();
    await this.status(name).filter({ hasText: "Revoked" }).waitFor();
  }
}
