// Runs once when a server starts: a bad configuration stops it there, with every problem listed.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { checkConfigurationOrExit, startInAppWorkers } = await import("./lib/startup");
    checkConfigurationOrExit();
    await startInAppWorkers();
  }
}
