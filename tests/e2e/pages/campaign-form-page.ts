import type { Locator, Page } from "playwright-core";

/** The campaign editor on /campaigns/new and /campaigns/:id. */
export class CampaignFormPage {
  constructor(private readonly page: Page) {}

  name() {
    return this.page.getByLabel("Campaign name");
  }

  /** The status line: "Saved at 14:02", "Unsaved changes", "Saving…". */
  status() {
    return this.page.getByTestId("save-status");
  }

  save() {
    return this.page.getByRole("button", { name: "Save changes" }).click();
  }

  question(n: number) {
    const group = this.page.getByRole("group", { name: `Question ${n}`, exact: true });
    return {
      group,
      text: group.getByRole("textbox", { name: `Question ${n}`, exact: true }),
      weight: group.getByRole("spinbutton", { name: "Weight" }),
      qualifies: group.getByRole("combobox", { name: "Qualifies on" }),
      keywords: group.getByRole("textbox", { name: "Keywords" }),
      remove: group.getByRole("button", { name: `Remove question ${n}` }),
    };
  }

  /** The id of the focused element (a field's id is its path with dashes: "voiceSettings-speed"). */
  focusedId() {
    return this.page.evaluate(() => document.activeElement?.id ?? "");
  }

  /** Whether the element is wholly on screen. */
  inViewport(locator: Locator) {
    return locator.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
  }
}
