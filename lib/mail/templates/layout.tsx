import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export const styles = {
  body: { backgroundColor: "#f8fafc", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "12px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  brand: { color: "#3730a3", fontSize: "20px", fontWeight: 700, margin: "0 0 16px" },
  heading: { color: "#0f172a", fontSize: "22px", fontWeight: 700, margin: "0 0 12px" },
  text: { color: "#1e293b", fontSize: "15px", lineHeight: "24px", margin: "0 0 12px" },
  muted: { color: "#475569", fontSize: "13px", lineHeight: "20px", margin: "0" },
  button: { backgroundColor: "#3730a3", borderRadius: "8px", color: "#ffffff", display: "inline-block", fontSize: "15px", fontWeight: 600, padding: "12px 20px", textDecoration: "none" },
};

export function Layout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Classbook</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e2e8f0", margin: "24px 0" }} />
          <Text style={styles.muted}>Classbook · Prices in ZAR, VAT included · Times in South African time (SAST)</Text>
        </Container>
      </Body>
    </Html>
  );
}
