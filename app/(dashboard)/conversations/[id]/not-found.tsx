import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function ConversationNotFound() {
  return (
    <Card className="px-6 py-14 text-center">
      <h1 className="text-base font-semibold text-zinc-900">Conversation not found</h1>
      <p className="mx-auto mt-2 max-w-sm text-sm text-zinc-500">
        It may have been deleted, or it belongs to a workspace you are not acting in.
      </p>
      <Link href="/conversations" className={buttonClasses("secondary", "mt-6")}>
        All conversations
      </Link>
    </Card>
  );
}
