// npx tsx bench/heap-diff.ts warm.heapsnapshot end.heapsnapshot — what the server kept between
// two heap snapshots taken after forced GCs (npm run bench:pipeline -- --soak
// --heap-snapshots DIR). Objects in the second snapshot whose ids the first lacks were
// allocated in between and survived: grouped by constructor (count, self size), and for the
// largest groups one retaining path from a GC root, which names what holds each turn.
// Run with NODE_OPTIONS=--max-old-space-size=8192 for large snapshots.
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

function load(file: string) {
  const s = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const nf = s.snapshot.meta.node_fields.length;
  const ef = s.snapshot.meta.edge_fields.length;
  const f = (name: string) => s.snapshot.meta.node_fields.indexOf(name);
  const [TYPE, NAME, ID, SIZE, EDGES] = ["type", "name", "id", "self_size", "edge_count"].map(f);
  const count = s.nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) firstEdge[i + 1] = firstEdge[i]! + s.nodes[i * nf + EDGES!]! * ef;
  const types = s.snapshot.meta.node_types[0];
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const node = (i: number) => ({
    type: types[s.nodes[i * nf + TYPE!]!]!,
    name: s.strings[s.nodes[i * nf + NAME!]!]!,
    id: s.nodes[i * nf + ID!]!,
    size: s.nodes[i * nf + SIZE!]!,
  });
  const label = (i: number) => {
    const n = node(i);
    return n.type === "object" || n.type === "closure"
      ? n.name
      : `(${n.type}) ${n.name.slice(0, 40)}`;
  };
  return { s, nf, ef, count, firstEdge, node, label, edgeTypes };
}

type Heap = ReturnType<typeof load>;

/** For each node, the node that first reached it in a breadth-first walk from the roots,
 * not following edges whose name is in `cut`. */
function retainers(h: Heap, cut = new Set<string>()) {
  const parent = new Int32Array(h.count).fill(-1);
  const via = new Int32Array(h.count).fill(-1);
  const queue = new Int32Array(h.count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  parent[0] = 0;
  while (head < tail) {
    const i = queue[head++]!;
    for (let e = h.firstEdge[i]!; e < h.firstEdge[i + 1]!; e += h.ef) {
      const type = h.edgeTypes[h.s.edges[e]!];
      if (type === "weak" || type === "shortcut") continue;
      if (cut.size && cut.has(edgeName(h, e))) continue;
      const to = h.s.edges[e + 2]! / h.nf;
      if (parent[to] !== -1) continue;
      parent[to] = i;
      via[to] = e;
      queue[tail++] = to;
    }
  }
  return { parent, via };
}

function edgeName(h: Heap, e: number) {
  const type = h.edgeTypes[h.s.edges[e]!];
  const n = h.s.edges[e + 1]!;
  return type === "element" || type === "hidden" ? `[${n}]` : String(h.s.strings[n]);
}

function pathTo(h: Heap, r: ReturnType<typeof retainers>, i: number) {
  const steps: string[] = [];
  for (let at = i, guard = 0; at !== 0 && r.parent[at]! >= 0 && guard < 40; guard++) {
    steps.push(`${h.label(at)} ←${edgeName(h, r.via[at]!)}─`);
    at = r.parent[at]!;
  }
  return steps.reverse().join(" ").slice(-1500);
}

const [before, after, ...cuts] = process.argv.slice(2);
if (!before || !after) {
  console.error("usage: tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [edge…]");
  process.exit(2);
}
const old = load(before);
const ids = new Set<number>();
for (let i = 0; i < old.count; i++) ids.add(old.node(i).id);
old.s.nodes = [];
const h = load(after);
const groups = new Map<string, { count: number; size: number; sample: number[] }>();
for (let i = 0; i < h.count; i++) {
  const n = h.node(i);
  if (ids.has(n.id)) continue;
  const key = h.label(i);
  const g = groups.get(key) ?? { count: 0, size: 0, sample: [] };
  g.count++;
  g.size += n.size;
  if (g.sample.length < 3 && g.count % 97 === 1) g.sample.push(i);
  groups.set(key, g);
}
const top = [...groups.entries()]
  .sort((a, b) => b[1].size - a[1].size)
  .slice(0, Number(process.env.HEAP_DIFF_TOP ?? 25));
const r = retainers(h);
console.log("new objects that survived, by self size:");
for (const [key, g] of top)
  console.log(
    `${String(g.count).padStart(9)} ${String(Math.round(g.size / 1024)).padStart(8)} KB  ${key}`,
  );
console.log("\nretaining paths (GC root → object) for the largest groups:");
// HEAP_DIFF_PATHS=ServerResponse,ReadableStream picks the groups to trace instead.
const traced = process.env.HEAP_DIFF_PATHS?.split(",");
const toTrace = traced ? top.filter(([key]) => traced.includes(key)) : top.slice(0, 8);
for (const [key, g] of toTrace) {
  console.log(`\n## ${key}`);
  for (const i of g.sample.slice(0, 2)) console.log(`  ${pathTo(h, r, i)}`);
}

// Each edge name given after the files (e.g. gcPersistentSignals, cleanup_queue) is cut in
// turn: the new objects no longer reachable are those that edge alone keeps alive.
for (const cut of cuts) {
  const without = retainers(h, new Set(cut.split(",")));
  let count = 0;
  let size = 0;
  const kinds = new Map<string, number>();
  for (let i = 0; i < h.count; i++) {
    if (r.parent[i] === -1 || without.parent[i] !== -1) continue;
    const n = h.node(i);
    if (ids.has(n.id)) continue;
    count++;
    size += n.size;
    kinds.set(h.label(i), (kinds.get(h.label(i)) ?? 0) + n.size);
  }
  console.log(
    `\nkept alive only through "${cut}": ${count} new objects, ${Math.round(size / 1024)} KB`,
  );
  for (const [k, v] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 6))
    console.log(`  ${String(Math.round(v / 1024)).padStart(8)} KB  ${k}`);
}
