import { getTableColumns, getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "@/db";

type Row = Record<string, unknown>;
/** The rows of `execute()`, which postgres.js returns as an array and PGlite as `{ rows }`. */
export const rowsOf = (r: unknown): Row[] => (Array.isArray(r) ? (r as Row[]) : ((r as { rows?: Row[] }).rows ?? []));

/**
 * Several INSERT/UPDATE statements as one: each but the last becomes a data-modifying WITH
 * clause. One message, one parse, one round trip. PostgreSQL runs the parts with one snapshot,
 * so no part may read what another writes; foreign keys between them are checked when the whole
 * statement ends, with every row in place.
 */
export function oneStatement(parts: string[]): string {
  const last = parts.at(-1);
  if (!last) throw new Error("oneStatement needs at least one statement");
  const clauses = parts.slice(0, -1).map((part, i) => `w${i} AS (${part})`);
  return clauses.length ? `WITH ${clauses.join(", ")} ${last}` : last;
}

/** A table or column name as a quoted identifier. */
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A SQL expression without parameters, written into a statement as it is (`now()`, say). */
export class SqlText {
  constructor(readonly text: string) {}
}

/** One row for a table, checked against the table's insert type where it is made. */
export type RowFor<T extends PgTable = PgTable> = { table: T; row: { [K in keyof T["$inferInsert"]]: T["$inferInsert"][K] | SqlText } };
export const rowFor = <T extends PgTable>(table: T, row: RowFor<T>["row"]): RowFor => ({ table, row });

/**
 * A statement written as text with numbered parameters, for the hot paths: building it costs a
 * few string joins, where drizzle's builders spend a fifth of an ITN's CPU walking their
 * objects. Runs as a named prepared statement like every other query (db/index.ts).
 */
export class Statement {
  readonly params: unknown[] = [];

  /** `$n` for a value, typed as the column's SQL type and encoded as drizzle would (jsonb, dates). */
  value(value: unknown, column: { mapToDriverValue(v: unknown): unknown; getSQLType(): string }): string {
    if (value instanceof SqlText) return value.text;
    this.params.push(value === null || value === undefined ? null : column.mapToDriverValue(value));
    return `$${this.params.length}::${column.getSQLType()}`;
  }

  private columnsAndValues({ table, row }: RowFor) {
    const columns = getTableColumns(table);
    const names: string[] = [];
    const values: string[] = [];
    for (const [key, column] of Object.entries(columns)) {
      // As drizzle's insert does: a value given, else the column's $defaultFn, else its
      // $onUpdate when it has no database default; otherwise the database's default.
      let value: unknown = (row as Record<string, unknown>)[key];
      if (value === undefined) value = column.defaultFn?.() ?? (column.hasDefault ? undefined : column.onUpdateFn?.());
      if (value === undefined) continue;
      names.push(quoted(column.name));
      values.push(this.value(value, column));
    }
    return { names: names.join(", "), values: values.join(", ") };
  }

  /** `INSERT INTO table (...) VALUES (...)`. */
  insert(row: RowFor): string {
    const { names, values } = this.columnsAndValues(row);
    return `INSERT INTO ${quoted(getTableName(row.table))} (${names}) VALUES (${values})`;
  }

  /**
   * `INSERT INTO table (...) SELECT values FROM <guard>`: the row is written once per row of the
   * guard (a WITH clause of the same statement), so not at all when the guarding change matched
   * nothing.
   */
  insertFrom(guard: string, row: RowFor): string {
    const { names, values } = this.columnsAndValues(row);
    return `INSERT INTO ${quoted(getTableName(row.table))} (${names}) SELECT ${values} FROM ${guard}`;
  }

  /** `UPDATE table SET ... WHERE <where>`, with the columns drizzle sets on every update ($onUpdate) too. */
  update<T extends PgTable>(table: T, set: Partial<RowFor<T>["row"]>, where: string): string {
    const columns = getTableColumns(table);
    const assignments: string[] = [];
    for (const [key, column] of Object.entries(columns)) {
      const value = key in set ? (set as Record<string, unknown>)[key] : column.onUpdateFn?.();
      if (value !== undefined) assignments.push(`${quoted(column.name)} = ${this.value(value, column)}`);
    }
    return `UPDATE ${quoted(getTableName(table))} SET ${assignments.join(", ")} WHERE ${where}`;
  }

  async run(ex: Executor, text: string): Promise<Row[]> {
    return rowsOf(await ex._.session.prepareQuery({ sql: text, params: this.params }, undefined, undefined, false).execute());
  }
}
