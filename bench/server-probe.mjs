// Bench only: preloaded into the server under test (`node --import ./bench/server-probe.mjs
// next start`) when BENCH_PROBE_FILE is set; the app's code is not touched. It measures from
// inside the server process, so the stand-ins and callers are never counted: CPU time
// (process.cpuUsage), event-loop delay (monitorEventLoopDelay) and memory; on request it
// forces garbage collections (the server runs with --expose-gc) and writes heap snapshots.
// It answers on its own loopback port, written to BENCH_PROBE_FILE.
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";

const file = process.env.BENCH_PROBE_FILE;
// The histogram samples every RESOLUTION ms; it records the whole interval, so the delay
// beyond the interval is what the event loop added.
const RESOLUTION = 10;
const delay = monitorEventLoopDelay({ resolution: RESOLUTION });
const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION) * 10) / 10);

function collect() {
  if (typeof globalThis.gc !== "function") return false;
  for (let i = 0; i < 3; i++) globalThis.gc();
  return true;
}

function stats() {
  const cpu = process.cpuUsage();
  return {
    pid: process.pid,
    cpuMs: (cpu.user + cpu.system) / 1000,
    eventLoopDelayMs: {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
    },
    memory: process.memoryUsage(),
  };
}

function answer(url) {
  const { pathname, searchParams } = new URL(url, "http://probe");
  if (pathname === "/reset") {
    // The figures since the last reset, then a fresh histogram for the next interval.
    const since = stats();
    delay.reset();
    return since;
  }
  if (pathname === "/gc") return { collected: collect(), ...stats() };
  if (pathname === "/snapshot") {
    collect();
    const path = `${searchParams.get("dir")}/${searchParams.get("name")}.heapsnapshot`;
    return { snapshot: writeHeapSnapshot(path), ...stats() };
  }
  return stats();
}

if (file) {
  delay.enable();
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(answer(req.url ?? "/")));
  });
  server.listen(0, "127.0.0.1", () => writeFileSync(file, String(server.address().port)));
  server.unref();
}
