"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the page every couple of seconds until the ITN has landed. */
export function Refresher({ everyMs = 2000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const id = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(id);
  }, [router, everyMs]);
  return null;
}
