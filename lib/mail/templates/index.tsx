// Every email Classbook sends: its payload (checked with zod when rendered, so a row with missing
// data fails with a clear error instead of sending a broken email), its subject and its body.
import { Button, Heading, Link, Text } from "@react-email/components";
import { z } from "zod";
import { formatZar } from "@/lib/money";
import { Layout, styles } from "./layout";

const url = z.url();

export const templates = {
  password_reset: {
    schema: z.object({ name: z.string().min(1), resetUrl: url, expiresInMinutes: z.number().int().positive() }),
    subject: () => "Reset your Classbook password",
    Body: (p: { name: string; resetUrl: string; expiresInMinutes: number }) => (
      <Layout preview="Choose a new password for Classbook">
        <Heading style={styles.heading}>Reset your password</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          Someone asked to reset the password of your Classbook account. If it was you, choose a new password within{" "}
          {p.expiresInMinutes} minutes:
        </Text>
        <Button href={p.resetUrl} style={styles.button}>
          Choose a new password
        </Button>
        <Text style={{ ...styles.text, marginTop: "16px" }}>Or open this link: {p.resetUrl}</Text>
        <Text style={styles.text}>The link works once. If you did not ask, ignore this email; your password stays as it is.</Text>
      </Layout>
    ),
  },
  course_enrollment: {
    schema: z.object({ name: z.string().min(1), courseTitle: z.string().min(1), courseUrl: url, invoiceNumber: z.string().min(1) }),
    subject: (p: { courseTitle: string }) => `You're enrolled: ${p.courseTitle}`,
    Body: (p: { name: string; courseTitle: string; courseUrl: string; invoiceNumber: string }) => (
      <Layout preview={`You're enrolled in ${p.courseTitle}`}>
        <Heading style={styles.heading}>You&apos;re enrolled!</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          You are enrolled in <strong>{p.courseTitle}</strong>. Start whenever you are ready.
        </Text>
        <Button href={p.courseUrl} style={styles.button}>
          Open the course
        </Button>
        <Text style={{ ...styles.text, marginTop: "16px" }}>Your invoice {p.invoiceNumber} is under My payments.</Text>
      </Layout>
    ),
  },
  purchase_receipt: {
    schema: z.object({
      name: z.string().min(1),
      itemName: z.string().min(1),
      amountCents: z.number().int().nonnegative(),
      invoiceNumber: z.string().min(1),
      invoiceUrl: url,
    }),
    subject: (p: { itemName: string }) => `Your receipt for ${p.itemName}`,
    Body: (p: { name: string; itemName: string; amountCents: number; invoiceNumber: string; invoiceUrl: string }) => (
      <Layout preview={`Receipt for ${p.itemName}`}>
        <Heading style={styles.heading}>Thank you for your purchase</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          We received {formatZar(p.amountCents)} (VAT included) for <strong>{p.itemName}</strong>.
        </Text>
        <Text style={styles.text}>
          Invoice {p.invoiceNumber}: <Link href={p.invoiceUrl}>view or download it</Link>.
        </Text>
      </Layout>
    ),
  },
} as const;

export type MailTemplate = keyof typeof templates;
export const MAIL_TEMPLATES = Object.keys(templates) as MailTemplate[];
