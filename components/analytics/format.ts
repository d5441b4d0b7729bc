// Number formats of the analytics page; a missing figure (no calls, no replies) shows as "–".
const DASH = "–";

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
const usd = (digits: number) =>
  new Intl.NumberFormat("en", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
const dayFormat = new Intl.DateTimeFormat("en", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

export const fmtInt = (n: number) => integer.format(n);
export const fmtPercent = (n: number | null) => (n === null ? DASH : percent.format(n));
export const fmtMs = (n: number | null) => (n === null ? DASH : `${integer.format(n)} ms`);
/** Dollars; small amounts (a call costs fractions of a cent) get four decimals. */
export const fmtUsd = (n: number | null) =>
  n === null ? DASH : usd(Math.abs(n) < 1 && n !== 0 ? 4 : 2).format(n);
export const fmtDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
