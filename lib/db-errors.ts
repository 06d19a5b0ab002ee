// Reads PostgreSQL errors the same way for postgres.js, PGlite and drizzle's wrapper.
type PgLikeError = { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };

function pgError(error: unknown): PgLikeError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const e = current as PgLikeError;
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    current = e.cause;
  }
  return null;
}

export function pgErrorCode(error: unknown): string | null {
  return pgError(error)?.code ?? null;
}

export function violatedConstraint(error: unknown): string | null {
  const e = pgError(error);
  return e?.constraint_name ?? e?.constraint ?? null;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = pgError(error);
  return e?.code === "23505" && (!constraint || violatedConstraint(error) === constraint);
}
