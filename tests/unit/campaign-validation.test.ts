import { describe, expect, it } from "vitest";
import { makeSlug } from "@/lib/campaigns/commands";
import { errorBody, fieldErrors } from "@/lib/errors";
import { safeNext } from "@/lib/safe-next";
import { credentialsSchema } from "@/lib/validations/auth";
import { campaignInputSchema, defaultCampaignInput } from "@/lib/validations/campaign";

const valid = () => ({ ...defaultCampaignInput(), name: "Spring promo" });

describe("campaignInputSchema", () => {
  it("accepts the defaults with a name", () => {
    expect(campaignInputSchema.safeParse(valid()).success).toBe(true);
  });

  it("reports errors by field path", () => {
    const input = valid();
    input.flowConfig.questions = [{ id: "q1", text: "", weight: 11 }];
    input.voiceSettings.speed = 3;
    const result = campaignInputSchema.safeParse({ ...input, name: " " });
    expect(result.success).toBe(false);
    const fields = fieldErrors(result.error!);
    expect(fields.name).toBe("Name is required");
    expect(fields["flowConfig.questions.0.text"]).toMatch(/at least 3/);
    expect(fields["flowConfig.questions.0.weight"]).toMatch(/between 1 and 10/);
    expect(fields["voiceSettings.speed"]).toMatch(/between 0.5 and 2/);
  });

  it("rejects unknown fields, duplicate question ids and unknown voices", () => {
    expect(campaignInputSchema.safeParse({ ...valid(), workspaceId: "x" }).success).toBe(false);
    const dup = valid();
    dup.flowConfig.questions = [
      { id: "a", text: "One?", weight: 1 },
      { id: "a", text: "Two?", weight: 1 },
    ];
    expect(campaignInputSchema.safeParse(dup).success).toBe(false);
    const voice = valid();
    (voice.voiceSettings as { voice: string }).voice = "robot";
    expect(campaignInputSchema.safeParse(voice).success).toBe(false);
  });

  it("trims text and caps its length", () => {
    const parsed = campaignInputSchema.parse({ ...valid(), name: "  Padded  " });
    expect(parsed.name).toBe("Padded");
    expect(campaignInputSchema.safeParse({ ...valid(), name: "x".repeat(121) }).success).toBe(
      false,
    );
  });
});

describe("credentialsSchema", () => {
  it("lower-cases the email and requires 8+ character passwords", () => {
    expect(credentialsSchema.parse({ email: "Ann@Example.COM", password: "12345678" }).email).toBe(
      "ann@example.com",
    );
    expect(
      credentialsSchema.safeParse({ email: "ann@example.com", password: "short" }).success,
    ).toBe(false);
  });
});

describe("makeSlug", () => {
  it("makes a readable slug with a random suffix that fits the database check", () => {
    const slug = makeSlug("Spring Promo: Café Été!");
    expect(slug).toMatch(/^spring-promo-cafe-ete-[a-z2-9]{6}$/);
    expect(makeSlug("Spring Promo")).not.toBe(makeSlug("Spring Promo"));
  });

  it("falls back when the name has no usable characters", () => {
    expect(makeSlug("!!!")).toMatch(/^campaign-[a-z2-9]{6}$/);
    expect(makeSlug("x".repeat(200)).length).toBeLessThanOrEqual(55);
  });
});

describe("errorBody", () => {
  it("hides unknown errors behind a generic 500", () => {
    const { status, body } = errorBody(new Error("connection string postgres://secret@host"));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain("secret");
  });
});

describe("safeNext", () => {
  it("keeps same-site paths and drops everything else", () => {
    expect(safeNext("/campaigns/1")).toBe("/campaigns/1");
    expect(safeNext("//evil.example")).toBe("/campaigns");
    expect(safeNext("https://evil.example")).toBe("/campaigns");
    expect(safeNext(undefined)).toBe("/campaigns");
  });
});
