"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, fields } from "@/lib/actions/action";
import { saveCatalogItem } from "@/lib/admin/catalog";
import { parseAmountToCents } from "@/lib/payfast/amount";

const schema = z.object({
  kind: z.enum(["course", "product"]),
  id: z.union([z.uuid(), z.literal("")]).optional(),
  name: fields.text("Name", 150),
  slug: z
    .string({ error: "Slug is required." })
    .trim()
    .toLowerCase()
    .min(1, "Slug is required.")
    .max(80, "Keep the slug under 80 characters.")
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, like intro-to-excel."),
  description: z.string().trim().max(5000, "Keep the description under 5000 characters.").default(""),
  price: z
    .string({ error: "Price is required." })
    .trim()
    .min(1, "Price is required (0 for free).")
    .transform((v, ctx) => {
      const cents = parseAmountToCents(v.replace(/^R\s?/i, "").replace(/\s/g, "").replace(",", "."));
      if (cents === null) {
        ctx.addIssue({ code: "custom", message: "Enter a price in rand, like 499 or 499.00." });
        return z.NEVER;
      }
      if (cents < 0) {
        ctx.addIssue({ code: "custom", message: "The price cannot be negative." });
        return z.NEVER;
      }
      if (cents > 100_000_000) {
        ctx.addIssue({ code: "custom", message: "That price is too high." });
        return z.NEVER;
      }
      return cents;
    }),
  status: z.enum(["draft", "published", "archived"], { error: "Choose a status." }),
  imageUrl: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => v || null)
    .pipe(z.url({ protocol: /^https$/, error: "Use an https:// image address." }).nullable()),
});

export const saveCatalogItemAction = adminAction(schema, async (input, { user }) => {
  const result = await saveCatalogItem(user.id, input.kind, input.id || null, { ...input, priceCents: input.price });
  if (!result.ok) return result.field === "form" ? { formError: result.message } : { fieldErrors: { [result.field]: [result.message] } };
  revalidatePath("/admin/catalog");
  revalidatePath(input.kind === "course" ? "/courses" : "/products", "layout");
  redirect(`/admin/catalog/${input.kind}/${result.id}?saved=1`);
});
