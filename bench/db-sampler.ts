// Samples pg_stat_activity of the bench's scratch database while a level runs: how many of
// the server's connections are busy (in a query or a transaction) and how many wait on a lock.
// When the busy count sits at the pool's size, turns queue for a connection inside the server
// (visible as the stt_to_llm wait: the call is loaded from the database before the LLM runs).
import pg from "pg";
import { round } from "./stats";

export async function sampleDatabase(url: string | null) {
  if (!url) return { stop: async () => null };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const name = new URL(url).pathname.slice(1);
  const busy: number[] = [];
  const locked: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query(
        `select count(*) filter (where state <> 'idle')::int as busy,
                count(*) filter (where wait_event_type = 'Lock')::int as locked
         from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [name],
      );
      busy.push(rows[0].busy);
      locked.push(rows[0].locked);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  return {
    stop: async () => {
      running = false;
      await loop;
      await client.end();
      return {
        busy_mean: mean(busy),
        busy_max: Math.max(0, ...busy),
        waiting_on_locks_mean: mean(locked),
      };
    },
  };
}
