import { Alert } from "./card";

export function FormMessage({ state }: { state: { formError?: string; message?: string } }) {
  if (state.formError) return <Alert tone="error">{state.formError}</Alert>;
  if (state.message) return <Alert tone="success">{state.message}</Alert>;
  return null;
}
