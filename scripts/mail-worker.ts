// `npm run worker`: the mail-queue worker as its own process (production). Any number can run.
import { closeDb } from "../db/index";
import { startMailWorker } from "../lib/mail/worker";
import { configuredTransport } from "../lib/mail/transport";

const transport = configuredTransport();
console.log(`Mail worker started (transport: ${transport.name}).`);
const stop = startMailWorker({ transport, log: (m) => console.log(m) });
const shutdown = async () => {
  console.log("Mail worker stopping after the current email…");
  await stop();
  await closeDb();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
