"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

type Mode = "sign-in" | "sign-up";

const copy = {
  "sign-in": { title: "Sign in to Voxline", submit: "Sign in", busy: "Signing in…" },
  "sign-up": { title: "Create your account", submit: "Create account", busy: "Creating account…" },
} as const;

export function AuthForm({ mode, next }: { mode: Mode; next: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    setFields({});
    try {
      const res = await fetch(`/api/auth/${mode}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        setError(body?.error?.message ?? "Something went wrong. Try again.");
        setFields(body?.error?.fields ?? {});
        return;
      }
      if (body?.user?.confirmationRequired) {
        setNotice("Check your inbox to confirm your email, then sign in.");
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const other = mode === "sign-in" ? "sign-up" : "sign-in";
  return (
    // method="post": if the page's JavaScript has not run, the browser must never fall back
    // to a GET that puts the password in the URL (and in logs and history).
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <h1 className="text-xl font-semibold text-zinc-900">{copy[mode].title}</h1>
      {error && !Object.keys(fields).length ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      <Field id="email" label="Email" error={fields.email}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={fields.email}
        />
      </Field>
      <Field
        id="password"
        label="Password"
        hint={mode === "sign-up" ? "At least 8 characters." : undefined}
        error={fields.password}
      >
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          required
          error={fields.password}
        />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? copy[mode].busy : copy[mode].submit}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        {mode === "sign-in" ? "New to Voxline? " : "Already have an account? "}
        <Link
          href={`/${other}${next !== "/campaigns" ? `?next=${encodeURIComponent(next)}` : ""}`}
          className="font-medium text-brand-600 hover:underline"
        >
          {mode === "sign-in" ? "Create an account" : "Sign in"}
        </Link>
      </p>
    </form>
  );
}
