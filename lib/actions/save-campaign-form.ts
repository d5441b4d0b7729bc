"use server";
// The campaign form posted without JavaScript (not loaded yet, blocked, failed): the same
// create/update commands as the JSON actions, with the answer rendered into the page.
import { redirect } from "next/navigation";
import { createCampaign, updateCampaign } from "@/lib/campaigns/commands";
import { type CampaignFormValues, campaignInputFromForm } from "@/lib/validations/campaign-form";
import { runAction } from "./run-action";

export type CampaignFormState =
  | { status: "idle" }
  | { status: "saved"; savedAt: string }
  | {
      status: "error";
      message: string;
      fields: Record<string, string>;
      /** What was posted, shown again so nothing typed is lost. */
      values: CampaignFormValues;
    };

export async function saveCampaignFormAction(
  _previous: CampaignFormState,
  form: FormData,
): Promise<CampaignFormState> {
  const id = form.get("id");
  const values = campaignInputFromForm(form);
  const options = { revalidate: "/campaigns" };
  const result =
    typeof id === "string" && id
      ? await runAction(updateCampaign, { id, ...values }, options)
      : await runAction(createCampaign, values, options);
  if (!result.ok) {
    const { message, fields = {} } = result.error;
    return { status: "error", message, fields, values };
  }
  if (!id) redirect(`/campaigns/${result.data.id}`);
  return { status: "saved", savedAt: result.data.updatedAt.toISOString() };
}
