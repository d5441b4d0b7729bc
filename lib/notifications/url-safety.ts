// Which webhook URLs the server will call. A webhook URL is typed by a workspace member and
// fetched by our server, so it must not reach our own network (SSRF): in production only
// https to a public address; outside production, http too but only to localhost (a receiver
// on the developer's machine or a test's stand-in). Checked when saved (the host as typed),
// before each delivery (every address the host resolves to), and by the connection's own
// lookup (./post.ts), so the address checked is the address connected to.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

// Loopback, private, link-local (cloud metadata 169.254.169.254), carrier-grade NAT,
// "this network", multicast and reserved ranges, and their IPv6 counterparts.
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** True for an address a production server must never call. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (v4mapped) return blocked.check(v4mapped, "ipv4");
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) return blocked.check(bare, "ipv6");
  return false;
}

/** Why `raw` may not be a webhook URL, or null when it may. Does not resolve the host. */
export function webhookUrlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, e.g. https://example.com/hooks/voxline";
  }
  if (url.username || url.password) return "The URL must not contain a user name or password";
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === "http:") {
    if (production || !local) return "The URL must start with https://";
  } else if (url.protocol !== "https:") return "The URL must start with https://";
  if (production && (local || isPrivateAddress(url.hostname) || url.hostname.endsWith(".local")))
    return "The URL must point at a public address";
  return null;
}

/**
 * Checked right before a delivery: the URL is still allowed and, in production, none of the
 * addresses its host resolves to is private. Throws with the reason.
 */
export async function assertDeliverable(
  raw: string,
  production: boolean,
  resolve: (host: string) => Promise<{ address: string }[]> = (host) => lookup(host, { all: true }),
) {
  const problem = webhookUrlProblem(raw, production);
  if (problem) throw new Error(problem);
  if (!production) return;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [{ address: host }] : await resolve(host);
  if (addresses.some((a) => isPrivateAddress(a.address)))
    throw new Error("The URL resolves to a private address");
}
