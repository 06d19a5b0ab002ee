"use client";

export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en-ZA">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "4rem 1rem", textAlign: "center" }}>
        <h1>Something went wrong</h1>
        <p>Classbook could not load. Please try again.</p>
        <button onClick={reset} style={{ padding: "0.75rem 1.25rem", marginTop: "1rem" }}>
          Try again
        </button>
      </body>
    </html>
  );
}
