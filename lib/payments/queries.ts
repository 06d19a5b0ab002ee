import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { courses, coursesEnrolled, invoices, payments, productEnrolled, products, users } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";

/** A payment with its invoice and the slug of what it bought (for links back to the item). */
const paymentsWithLinks = () =>
  db
    .select({
      payment: payments,
      invoice: { id: invoices.id, number: invoices.number },
      courseSlug: courses.slug,
      productSlug: products.slug,
    })
    .from(payments)
    .leftJoin(invoices, eq(invoices.paymentId, payments.id))
    .leftJoin(courses, eq(courses.id, payments.courseId))
    .leftJoin(products, eq(products.id, payments.productId));

/** A payment its owner or a super admin may see; null for everyone else. */
export async function paymentForViewer(paymentId: string, viewer: CurrentUser) {
  if (!/^[0-9a-f-]{36}$/i.test(paymentId)) return null;
  const [row] = await paymentsWithLinks().where(eq(payments.id, paymentId));
  if (!row) return null;
  if (row.payment.userId !== viewer.id && viewer.role !== "super_admin") return null;
  return row;
}

export async function paymentsOf(userId: string) {
  return paymentsWithLinks().where(eq(payments.userId, userId)).orderBy(desc(payments.createdAt)).limit(200);
}

export async function invoiceForViewer(invoiceId: string, viewer: CurrentUser) {
  if (!/^[0-9a-f-]{36}$/i.test(invoiceId)) return null;
  const [row] = await db
    .select({ invoice: invoices, payment: { method: payments.method, reference: payments.reference, completedAt: payments.completedAt } })
    .from(invoices)
    .innerJoin(payments, eq(payments.id, invoices.paymentId))
    .where(eq(invoices.id, invoiceId));
  if (!row) return null;
  if (row.invoice.userId !== viewer.id && viewer.role !== "super_admin") return null;
  return row;
}

export async function libraryOf(userId: string) {
  const [myCourses, myProducts] = await Promise.all([
    db
      .select({ title: courses.title, slug: courses.slug, enrolledAt: coursesEnrolled.enrolledAt, invoiceId: invoices.id, invoiceNumber: invoices.number })
      .from(coursesEnrolled)
      .innerJoin(courses, eq(courses.id, coursesEnrolled.courseId))
      .leftJoin(invoices, eq(invoices.paymentId, coursesEnrolled.paymentId))
      .where(eq(coursesEnrolled.userId, userId))
      .orderBy(desc(coursesEnrolled.enrolledAt)),
    db
      .select({ name: products.name, slug: products.slug, boughtAt: productEnrolled.createdAt, invoiceId: invoices.id, invoiceNumber: invoices.number })
      .from(productEnrolled)
      .innerJoin(products, eq(products.id, productEnrolled.productId))
      .leftJoin(invoices, eq(invoices.paymentId, productEnrolled.paymentId))
      .where(eq(productEnrolled.userId, userId))
      .orderBy(desc(productEnrolled.createdAt)),
  ]);
  return { courses: myCourses, products: myProducts };
}

export async function studentsForManualPayment() {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, "student")))
    .orderBy(users.name)
    .limit(500);
}
