import type { Metadata, Viewport } from "next";
import "./globals.css";
import { HydrationMarker } from "@/components/hydration-marker";
import { SiteHeader } from "@/components/shell/site-header";

export const metadata: Metadata = {
  title: { default: "Classbook", template: "%s · Classbook" },
  description: "Courses, products and live sessions, paid securely with PayFast.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-ZA">
      <body className="flex min-h-dvh flex-col">
        <HydrationMarker />
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white py-6 text-center text-sm text-slate-600">
          Classbook · Prices in ZAR, VAT included · Payments by PayFast
        </footer>
      </body>
    </html>
  );
}
