import { env } from "@/lib/env";

export function checkConfigurationOrExit() {
  try {
    env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** In the demo (or when asked) the mail worker runs inside the app process. */
export async function startInAppWorkers() {
  const e = env();
  if (!(e.MAIL_WORKER_IN_APP ?? e.demo)) return;
  const { startMailWorker } = await import("@/lib/mail/worker");
  startMailWorker({ log: (m) => console.log(`[in-app worker] ${m}`) });
}
