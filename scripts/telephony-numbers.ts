// npm run telephony:numbers -- list | assign <+E164> <workspace id | owner email> [--label L] | unassign <+E164>
// Which Twilio numbers each workspace may answer. A member picks one of their workspace's
// numbers in a campaign's phone settings; only this command (the service role) assigns them.
import { parseArgs } from "node:util";
import { getDatabase } from "@/lib/db/client";
import {
  assignNumber,
  findWorkspace,
  listAssignments,
  unassignNumber,
} from "@/lib/telephony/numbers";
import { e164Schema } from "@/lib/validations/phone";

const HELP = `Usage: npm run telephony:numbers -- <command>

  list                              every assigned number, its workspace and campaign
  assign <+E164> <workspace> [--label L]
                                    let a workspace answer a number; <workspace> is its id or
                                    the email of a user (their personal workspace)
  unassign <+E164>                  take a number back; the campaign using it stops answering it

Uses DATABASE_URL (or the embedded database under VOXLINE_DATA_DIR: stop \`npm run dev\` first,
PGlite opens a data directory from one process at a time).

Exit codes: 0 done; 1 failed or refused; 2 usage error.`;

class UsageError extends Error {}

function e164(raw: string | undefined) {
  const parsed = e164Schema.safeParse(raw ?? "");
  if (!parsed.success) throw new UsageError(`Not a phone number in E.164 form: ${raw ?? ""}`);
  return parsed.data;
}

async function run(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { label: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  if (command === "list") {
    const rows = await listAssignments();
    if (rows.length === 0) console.log("no numbers assigned");
    for (const r of rows)
      console.log(`${r.e164}\t${r.workspaceId}\t${r.campaignId ?? "-"}\t${r.label}`);
    return 0;
  }
  if (command === "assign") {
    const number = e164(args[0]);
    if (!args[1]) throw new UsageError("assign needs a workspace id or an owner's email");
    const workspaceId = await findWorkspace(args[1]);
    if (!workspaceId) {
      console.error(`No workspace or user matches ${args[1]}`);
      return 1;
    }
    const result = await assignNumber(number, workspaceId, values.label ?? "");
    if (result === "taken") {
      console.error(`${number} belongs to another workspace: unassign it first`);
      return 1;
    }
    console.log(`${number} ${result} to workspace ${workspaceId}`);
    return 0;
  }
  if (command === "unassign") {
    const number = e164(args[0]);
    console.log(
      (await unassignNumber(number)) ? `${number} unassigned` : `${number} was not assigned`,
    );
    return 0;
  }
  throw new UsageError(`Unknown command: ${command}`);
}

run()
  .then(async (code) => {
    await (await getDatabase()).close();
    process.exit(code);
  })
  .catch((error) => {
    const usage = error instanceof UsageError;
    console.error(
      usage ? `${error.message}\n\n${HELP}` : error instanceof Error ? error.message : error,
    );
    process.exit(usage ? 2 : 1);
  });
