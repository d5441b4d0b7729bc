// npm run lock:platforms — records every platform binary a dependency lists as optional in
// package-lock.json. The registry mirror these machines use serves only Linux builds, so
// `npm install` leaves the others out of the lock and `npm ci` then refuses it ("Missing:
// @next/swc-darwin-arm64@ from lock file"). An optional entry without a tarball is skipped
// at install time on every platform that cannot fetch it, exactly like a platform mismatch.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[`${path}/${key}`]) continue;
    lock.packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b)),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} optional platform entries to package-lock.json`);
