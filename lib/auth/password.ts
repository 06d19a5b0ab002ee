import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// OWASP minimum for argon2id: m = 19 MiB, t = 2, p = 1.
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Lengths count characters as people type them (code points), never truncated. */
export const passwordSchema = z
  .string()
  .refine((v) => [...v].length >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .refine((v) => [...v].length <= PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash of a random string: verifying unknown emails against it costs the same time
// as a real account, so response time does not reveal which emails exist.
let decoyHash: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await decoyHash, password);
  return false;
}
