export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 text-lg font-semibold tracking-tight text-zinc-900">
      <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-brand-600" fill="currentColor">
        <rect x="3" y="9" width="3" height="6" rx="1.5" />
        <rect x="8" y="5" width="3" height="14" rx="1.5" />
        <rect x="13" y="7" width="3" height="10" rx="1.5" />
        <rect x="18" y="10" width="3" height="4" rx="1.5" />
      </svg>
      Voxline
    </span>
  );
}
