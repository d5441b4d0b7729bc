// A plain TCP forwarder in a process of its own: 127.0.0.1:<port> → <target>. The browser
// bench gives the Deepgram stand-in (a new free port each run) a fixed address, because the
// page's Content-Security-Policy is fixed at build time (next.config.ts headers()) and must
// name the live websocket's origin. Bytes pass through untouched, HTTP and websocket alike.
// Usage: tsx bench/browser/forward.ts <port> <target URL>; prints "ready" once listening.
import net from "node:net";

const [port, target] = process.argv.slice(2);
const to = new URL(target!);
const server = net.createServer((socket) => {
  const upstream = net.connect(Number(to.port), to.hostname);
  socket.setNoDelay(true);
  upstream.setNoDelay(true);
  socket.pipe(upstream).pipe(socket);
  const drop = () => {
    socket.destroy();
    upstream.destroy();
  };
  socket.on("error", drop);
  upstream.on("error", drop);
});
server.on("error", (error) => {
  console.error(`forwarder on ${port}: ${error.message}`);
  process.exit(1);
});
server.listen(Number(port), "127.0.0.1", () => console.log("ready"));
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
