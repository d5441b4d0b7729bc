import Link from "next/link";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { Logo } from "@/components/logo";
import { requireUser } from "@/lib/auth/server";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/campaigns");
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-6 px-4">
          <Link href="/campaigns">
            <Logo />
          </Link>
          <nav className="flex gap-1 text-sm">
            <Link
              href="/campaigns"
              className="rounded-md px-3 py-1.5 font-medium text-zinc-700 hover:bg-zinc-100"
            >
              Campaigns
            </Link>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-zinc-600">
            <span className="hidden sm:inline" data-testid="user-email">
              {user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </div>
  );
}
