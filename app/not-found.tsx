import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-medium text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-zinc-900">Page not found</h1>
      <Link href="/" className="mt-6 text-sm font-medium text-brand-600 hover:underline">
        Go home
      </Link>
    </main>
  );
}
