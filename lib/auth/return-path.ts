/** Only same-site paths: "/x" yes; "//evil.com", "https://evil.com" and "/\\evil" no. */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  return value;
}
