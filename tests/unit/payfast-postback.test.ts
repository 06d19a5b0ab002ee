// The validate postback over a kept-alive connection that the other side has already closed.
// PayFast's servers (like any) drop idle keep-alive connections; the next postback on such a
// socket fails at once with ECONNRESET. It must not turn a valid ITN into a 503.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postbackToPayfast } from "@/lib/payfast/itn";

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Answers VALID, except that a second request on an already used connection kills that connection. */
async function validatorThatDropsReusedConnections() {
  const served = new WeakSet<object>();
  let connections = 0;
  server = http.createServer((req, res) => {
    if (served.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    served.add(req.socket);
    req.resume();
    req.on("end", () => res.end("VALID"));
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/eng/query/validate`, connections: () => connections };
}

describe("validate postback", () => {
  it("sends again on a new connection when the kept-alive one was closed by the server", async () => {
    const validator = await validatorThatDropsReusedConnections();
    expect(await postbackToPayfast(validator.url, "m_payment_id=1", 2_000)).toBe("VALID");
    // The same pooled socket is reused and dies; the answer still comes, over a second connection.
    expect(await postbackToPayfast(validator.url, "m_payment_id=2", 2_000)).toBe("VALID");
    expect(validator.connections()).toBe(2);
  });
});
