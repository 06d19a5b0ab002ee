// One server-action pattern for every form: zod-validated input, a result with a form-level
// error and per-field errors, submitted values echoed back (never secrets), and three layers:
// public → signed-in → role-required. Each layer checks for itself on the server.
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { Role } from "@/db/schema";
import { type CurrentUser, getCurrentUser, hasRole } from "@/lib/auth/current-user";

export type ActionState = {
  /** Changes on every answer: forms with selects key on it to remount with the echoed values. */
  id?: number;
  ok?: boolean;
  message?: string;
  formError?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};

type Handler<S extends z.ZodType, C> = (input: z.output<S>, ctx: C) => Promise<ActionState | void>;
export type FormAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

const SECRET_FIELD = /password|secret|token|passphrase/i;

/** Submitted values to show again: strings only, secrets left out. */
export function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !SECRET_FIELD.test(key) && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

export function fieldError(field: string, message: string, formData?: FormData): ActionState {
  return { fieldErrors: { [field]: [message] }, values: formData ? echoValues(formData) : undefined };
}

export const SIGNED_OUT_ERROR = "Your session has ended. Sign in again to continue.";
export const FORBIDDEN_ERROR = "You do not have permission to do that.";
const UNEXPECTED_ERROR = "Something went wrong on our side and nothing was saved. Please try again.";

let answers = 0;
const stamp = (state: ActionState): ActionState => ({ ...state, id: ++answers });

async function run<S extends z.ZodType, C>(
  schema: S,
  formData: FormData,
  ctx: C,
  handler: Handler<S, C>,
): Promise<ActionState> {
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    raw[key] = all.length > 1 ? all : all[0]!;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error);
    return {
      formError: flat.formErrors[0],
      fieldErrors: flat.fieldErrors,
      values: echoValues(formData),
    };
  }
  try {
    const result = await handler(parsed.data, ctx);
    if (!result) return { ok: true };
    // A refusal keeps what was typed, so the form does not come back empty.
    if ((result.formError || result.fieldErrors) && !result.values) return { ...result, values: echoValues(formData) };
    return result;
  } catch (error) {
    unstable_rethrow(error); // redirect(), notFound() and friends are control flow, not failures
    console.error("[action]", error);
    return { formError: UNEXPECTED_ERROR, values: echoValues(formData) };
  }
}

export function publicAction<S extends z.ZodType>(schema: S, handler: Handler<S, { formData: FormData }>): FormAction {
  return async (_prev, formData) => stamp(await run(schema, formData, { formData }, handler));
}

export function userAction<S extends z.ZodType>(
  schema: S,
  handler: Handler<S, { formData: FormData; user: CurrentUser }>,
): FormAction {
  return async (_prev, formData) => {
    const user = await getCurrentUser();
    if (!user) return stamp({ formError: SIGNED_OUT_ERROR, values: echoValues(formData) });
    return stamp(await run(schema, formData, { formData, user }, handler));
  };
}

export function roleAction<S extends z.ZodType>(
  roles: Role | Role[],
  schema: S,
  handler: Handler<S, { formData: FormData; user: CurrentUser }>,
): FormAction {
  return async (_prev, formData) => {
    const user = await getCurrentUser();
    if (!user) return stamp({ formError: SIGNED_OUT_ERROR, values: echoValues(formData) });
    if (!hasRole(user, roles)) return stamp({ formError: FORBIDDEN_ERROR });
    return stamp(await run(schema, formData, { formData, user }, handler));
  };
}

export const adminAction = <S extends z.ZodType>(
  schema: S,
  handler: Handler<S, { formData: FormData; user: CurrentUser }>,
) => roleAction("super_admin", schema, handler);

// Form fields arrive as strings: these turn them into what the handlers need, with messages.
export const fields = {
  text: (label: string, max = 200) =>
    z
      .string({ error: `${label} is required.` })
      .trim()
      .min(1, `${label} is required.`)
      .max(max, `${label} must be at most ${max} characters.`),
  email: () =>
    z
      .string({ error: "Email is required." })
      .trim()
      .toLowerCase()
      .min(1, "Email is required.")
      .max(254, "That email address is too long.")
      .pipe(z.email("Enter a valid email address, like name@example.com.")),
};
