import Link from "next/link";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { WorkspaceSwitcher } from "@/components/dashboard/workspace-switcher";
import { Logo } from "@/components/logo";
import { requireUser } from "@/lib/auth/server";
import { currentWorkspace, listMyWorkspaces } from "@/lib/workspaces/current";

const NAV = [
  ["/campaigns", "Campaigns"],
  ["/conversations", "Conversations"],
  ["/leads", "Leads"],
  ["/analytics", "Analytics"],
  ["/live", "Live"],
  ["/members", "Members"],
  ["/settings", "Settings"],
] as const;

const navLink = "rounded-md px-3 py-1.5 font-medium text-zinc-700 hover:bg-zinc-100";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/campaigns");
  const [workspace, workspaces] = await Promise.all([currentWorkspace(), listMyWorkspaces()]);
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2.5 sm:gap-x-6">
          <Link href="/campaigns" aria-label="Voxline: campaigns">
            <Logo />
          </Link>
          <WorkspaceSwitcher current={workspace} workspaces={workspaces} />
          {/* On a phone the nav wraps under the logo, with sign-out beside it. */}
          <nav className="-ml-3 flex flex-wrap gap-1 text-sm sm:ml-0" aria-label="Dashboard">
            {NAV.map(([href, label]) => (
              <Link key={href} href={href} className={navLink}>
                {label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-zinc-600">
            {/* Beside seven links it would wrap the header below 1536 px: Settings shows it too. */}
            <span className="hidden max-w-48 truncate 2xl:block" data-testid="user-email">
              {user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
