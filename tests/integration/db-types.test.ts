// The committed row types must match the migrated schema: regenerate with `npm run db:types`.
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { DB_TYPES_FILE, renderDbTypes } from "../../scripts/generate-db-types";

it("lib/db/schema.gen.ts is generated from the current migrations", async () => {
  const committed = await readFile(DB_TYPES_FILE, "utf8");
  expect(committed, "lib/db/schema.gen.ts is stale: run `npm run db:types`").toBe(
    await renderDbTypes(),
  );
});
