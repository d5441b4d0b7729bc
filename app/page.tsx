import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "@/components/logo";
import { buttonClasses } from "@/components/ui/button";
import { getClaims } from "@/lib/auth/server";

export default async function Home() {
  if (await getClaims()) redirect("/campaigns");
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col px-6">
      <header className="flex h-16 items-center justify-between">
        <Logo />
        <Link href="/sign-in" className={buttonClasses("ghost")}>
          Sign in
        </Link>
      </header>
      <section className="flex flex-1 flex-col justify-center pb-24">
        <h1 className="text-4xl font-semibold tracking-tight text-zinc-900 sm:text-5xl">
          A voice agent for every campaign.
        </h1>
        <p className="mt-5 max-w-xl text-lg text-zinc-600">
          Describe your agent, share a link, and callers talk to it in the browser. Voxline keeps
          the transcripts and hands you scored leads.
        </p>
        <div className="mt-8 flex gap-3">
          <Link href="/sign-up" className={buttonClasses("primary", "h-10 px-5")}>
            Create an account
          </Link>
          <Link href="/sign-in" className={buttonClasses("secondary", "h-10 px-5")}>
            Sign in
          </Link>
        </div>
      </section>
    </main>
  );
}
