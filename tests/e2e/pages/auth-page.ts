import type { Page } from "playwright-core";

export class AuthPage {
  constructor(private readonly page: Page) {}

  async signUp(email: string, password: string) {
    await this.page.goto("/sign-up");
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  fieldError(text: string) {
    return this.page.getByRole("alert").filter({ hasText: text });
  }
}
