// The campaign owner, driven through the public API: sign up, create and set up campaigns,
// read a stored conversation back.
import { defaultCampaignInput } from "@/lib/validations/campaign";

export class Owner {
  private constructor(
    private readonly base: string,
    readonly cookie: string,
  ) {}

  static async signUp(base: string, email: string) {
    const res = await fetch(`${base}/api/auth/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ email, password: "a long enough password" }),
    });
    if (res.status !== 201) throw new Error(`sign-up: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return new Owner(base, cookie);
  }

  async api(path: string, init: { method?: string; body?: unknown } = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      headers: { cookie: this.cookie, "content-type": "application/json", origin: this.base },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }

  /** A campaign in `status` with `settings` merged into its voice settings. */
  async campaign(name: string, status: string, voice: Record<string, unknown> = {}) {
    const input = defaultCampaignInput();
    const body = { ...input, name, voiceSettings: { ...input.voiceSettings, ...voice } };
    const created = await this.api("/api/campaigns", { body });
    if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
    const { id, publicSlug } = created.body.campaign as { id: string; publicSlug: string };
    const path: Record<string, string[]> = {
      draft: [],
      active: ["active"],
      paused: ["active", "paused"],
      archived: ["archived"],
    };
    for (const step of path[status] ?? [])
      await this.api(`/api/campaigns/${id}/status`, { body: { status: step } });
    return { id, slug: publicSlug };
  }

  async conversation(id: string) {
    const res = await this.api(`/api/conversations/${id}`);
    return res.body as {
      conversation: { status: string; end_reason: string | null; is_test?: boolean };
      turns: {
        seq: number;
        role: string;
        text: string;
        interrupted?: boolean;
        heard_text?: string | null;
        heard_ms?: number | null;
        stt_seconds: number;
      }[];
      lead: Record<string, unknown> | null;
    };
  }
}
