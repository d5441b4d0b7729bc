// Display formats for calls: durations, costs, latencies, phone numbers, times.

/** "1:35", "12:04", "1:02:09"; an em dash when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

/** Dollars with enough digits to tell fractions of a cent apart: $0.0138, $1.24. */
export function formatCost(usd: number): string {
  if (usd === 0) return "$0";
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** The caller's number with its middle hidden: "+1 ••• ••• 0123". */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 7) return "•••";
  const country = phone.startsWith("+")
    ? `+${digits.slice(0, digits.length > 10 ? digits.length - 10 : 1)} `
    : "";
  return `${country}••• ••• ${digits.slice(-4)}`;
}

const dateTime = new Intl.DateTimeFormat("en", {
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZone: "UTC",
});
const fullDateTime = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** "Nov 30, 4:05 PM" (UTC, the zone the date filter uses). */
export const formatWhen = (d: Date) => dateTime.format(d);
export const formatWhenLong = (d: Date) => `${fullDateTime.format(d)} UTC`;

/** A YYYY-MM-DD day in UTC, the date inputs' value. */
export const toDay = (d: Date) => d.toISOString().slice(0, 10);
