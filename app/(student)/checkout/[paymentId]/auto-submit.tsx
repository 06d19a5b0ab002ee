"use client";
import { useEffect, useRef } from "react";

/** Posts the signed form to PayFast as soon as the page loads; the button is the fallback. */
export function AutoSubmitForm({ action, fields }: { action: string; fields: [string, string][] }) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.submit();
  }, []);
  return (
    <form ref={ref} action={action} method="post" className="mt-6">
      {fields.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800">
        Continue to PayFast
      </button>
    </form>
  );
}
