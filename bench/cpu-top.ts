// npx tsx bench/cpu-top.ts FILE.cpuprofile [N] — where a V8 CPU profile of the server spent
// its time (npm run bench:pipeline -- --cpu-prof DIR): the top functions by self time, and
// self time summed by where the code lives (a package, Node's internals, the app's chunks).
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, n = "30", focus] = process.argv.slice(2);
if (!file) {
  console.error("usage: tsx bench/cpu-top.ts FILE.cpuprofile [N] [function: its callers]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

// The app's bundle is minified: frames in .next chunks are mapped back to their sources.
const maps = new Map<string, SourceMap | null>();
function original(frame: ProfileNode["callFrame"]) {
  if (!frame.url.includes("/.next/")) return frame;
  if (!maps.has(frame.url)) {
    const file = `${fileURLToPath(frame.url)}.map`;
    maps.set(
      frame.url,
      existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, "utf8"))) : null,
    );
  }
  const entry = maps.get(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string; originalLine?: number; name?: string }
    | undefined;
  if (!entry?.originalSource) return frame;
  return {
    functionName: entry.name ?? frame.functionName,
    url: entry.originalSource.replace(/^(\.\.\/)+/, "").replace(/^.*\[project\]\//, ""),
    lineNumber: entry.originalLine ?? 0,
    columnNumber: 0,
  };
}

function place(url: string) {
  if (!url) return "(native / VM)";
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.includes("/.next/")) return ".next (app bundle)";
  if (/^(lib|app|components)\//.test(url)) return url;
  return url;
}

const fns = new Map<string, number>();
const places = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = original(byId.get(id)!.callFrame);
  const name = `${functionName || "(anonymous)"}  ${url.replace(/^.*node_modules\//, "")}:${lineNumber + 1}`;
  fns.set(name, (fns.get(name) ?? 0) + us);
  places.set(place(url), (places.get(place(url)) ?? 0) + us);
  total += us;
}
const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`total sampled ${Math.round(total / 1000)} ms\n\nself time by function:`);
for (const [name, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(n)))
  console.log(`${pct(us)} ${String(Math.round(us / 1000)).padStart(7)} ms  ${name}`);
console.log("\nself time by where the code lives:");
for (const [where, us] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`${pct(us)} ${String(Math.round(us / 1000)).padStart(7)} ms  ${where}`);

// With a function name: the stacks that led to it (six frames up), by its self time there.
if (focus) {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const stacks = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (byId.get(id)!.callFrame.functionName !== focus) continue;
    const frames: string[] = [];
    for (
      let at = parent.get(id);
      at !== undefined && frames.length < Number(process.env.CPU_TOP_DEPTH ?? 6);
      at = parent.get(at)
    ) {
      const f = original(byId.get(at)!.callFrame);
      frames.push(`${f.functionName || "(anon)"}@${f.url.split("/").at(-1)}:${f.lineNumber + 1}`);
    }
    const key = frames.join(" < ");
    stacks.set(key, (stacks.get(key) ?? 0) + us);
  }
  console.log(`\ncallers of ${focus}:`);
  for (const [key, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`${pct(us)} ${String(Math.round(us / 1000)).padStart(7)} ms  ${key}`);
}
