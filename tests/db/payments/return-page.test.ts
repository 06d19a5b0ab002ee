// PayFast sends the browser to return_url; that visit proves nothing. Loading the return page
// (app/(student)/payments/[id]/return/page.tsx) for a STARTED payment, as its signed-in buyer,
// must leave the payment STARTED and write nothing; only the ITN completes a payment.
// The page's server component is called directly; only the session lookup is replaced (there is
// no signed-in browser here). The database is real.
import { isValidElement, type ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { startCheckout } from "@/lib/payments/checkout";
import { completePayment } from "@/lib/payments/complete";
import { db } from "@/db/index";
import type { CurrentUser } from "@/lib/auth/current-user";
import { createCourse, createUser } from "../../helpers/db";
import { counts, expected, resetPaymentTables } from "../../helpers/payments";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));

// Stands in for the Auth.js session lookup only (next-auth cannot load outside Next).
vi.mock("@/lib/auth/current-user", () => {
  const requireUser = () =>
    session.user ? Promise.resolve(session.user) : Promise.reject(new Error("test: no signed-in user"));
  return {
    getCurrentUser: () => Promise.resolve(session.user),
    requireUser,
    requireRole: requireUser,
    hasRole: (user: CurrentUser | null, roles: string | string[]) => Boolean(user && [roles].flat().includes(user.role)),
    homePathFor: () => "/dashboard",
  };
});

/** Every string in a React element tree, without rendering any component. */
function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(" ");
  if (isValidElement(node)) return textOf((node.props as { children?: ReactNode }).children);
  return "";
}

beforeEach(async () => {
  await resetPaymentTables();
  session.user = null;
});

async function loadReturnPage(paymentId: string): Promise<string> {
  const { default: PaymentReturnPage } = await import("@/app/(student)/payments/[id]/return/page");
  const element = await PaymentReturnPage({ params: Promise.resolve({ id: paymentId }) } as never);
  return textOf(element as ReactNode);
}

describe("the return URL alone", () => {
  it("loading the return page for a STARTED payment changes nothing; the payment stays STARTED", async () => {
    const user = await createUser({ name: "Thandi Nkosi" });
    const course = await createCourse({ priceCents: 49_900, title: "Intro to Pottery" });
    const result = await startCheckout(user.id, "course", course.slug);
    expect(result.kind).toBe("redirect");
    const paymentId = (result as { paymentId: string }).paymentId;
    session.user = { id: user.id, name: user.name, email: user.email, role: user.role };
    const before = await counts();
    expect(before).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1 }));

    const text = await loadReturnPage(paymentId);
    await loadReturnPage(paymentId); // a refresh

    expect(text).toContain("Intro to Pottery");
    expect(text.toLowerCase()).toContain("processing");
    expect(await counts()).toEqual(before);
  });

  it("positive control: after completion the same page shows the payment as received", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 49_900, title: "Intro to Pottery" });
    const result = await startCheckout(user.id, "course", course.slug);
    const paymentId = (result as { paymentId: string }).paymentId;
    await db.transaction((tx) => completePayment(tx, paymentId));
    session.user = { id: user.id, name: user.name, email: user.email, role: user.role };
    const before = await counts();

    const text = await loadReturnPage(paymentId);

    expect(text.toLowerCase()).not.toContain("processing");
    expect(text).toMatch(/INV-\d{4}-000001/);
    expect(await counts()).toEqual(before);
  });
});
