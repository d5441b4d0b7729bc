import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/** Keyset paging: newer calls before, older after; no page numbers (there is no OFFSET). */
export function Pagination({ newer, older }: { newer: string | null; older: string | null }) {
  if (!newer && !older) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-3">
      {newer ? (
        <Link href={newer} className={buttonClasses("secondary")} rel="prev">
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      {older ? (
        <Link href={older} className={buttonClasses("secondary")} rel="next">
          Next page →
        </Link>
      ) : null}
    </nav>
  );
}
