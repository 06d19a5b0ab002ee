// A stand-in for Resend's HTTP API on 127.0.0.1 (random port), for the mail-worker suites. The
// real SDK (lib/mail/transport.ts) talks to it once RESEND_BASE_URL points here. It implements
// `POST /emails`: records every request (body, headers, Idempotency-Key, arrival time) and
// answers the way each test chooses. Like Resend, a key that was already answered with success
// gets the same message id again, and errors come back as Resend's JSON error object
// ({ statusCode, message, name }), which is what the SDK reads the status from.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ResendRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
  /** Date.now() when the request arrived. */
  at: number;
};

export type FakeReply = {
  status: number;
  /** JSON body; default: `{ id }` for 2xx, a Resend error object otherwise. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
};

export type ReplyFn = (req: ResendRequest, index: number) => FakeReply;

const ERROR_NAMES: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  409: "concurrent_idempotent_requests",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  503: "service_unavailable",
};

export class FakeResend {
  /** Every request, in arrival order. */
  requests: ResendRequest[] = [];
  /** Replies used one by one for the next requests, before `reply` is consulted. */
  script: FakeReply[] = [];
  /** The answer once the script is used up. Default: 200 with a fresh id. */
  reply: ReplyFn = () => ({ status: 200 });
  /** Message ids already handed out, by Idempotency-Key. */
  readonly sentIds = new Map<string, string>();
  /** Requests received but not yet answered, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeResend> {
    const ref: { self?: FakeResend } = {};
    const server = createServer((req, res) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (raw += chunk));
      req.on("end", () => {
        const fake = ref.self!;
        const path = (req.url ?? "").split("?")[0]!;
        if (req.method !== "POST" || path !== "/emails") {
          res.writeHead(404, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ statusCode: 404, message: "Not found", name: "not_found" }));
          return;
        }
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          res.writeHead(400, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ statusCode: 400, message: "Invalid JSON", name: "validation_error" }));
          return;
        }
        const key = req.headers["idempotency-key"];
        const request: ResendRequest = {
          method: req.method,
          path,
          headers: req.headers,
          idempotencyKey: Array.isArray(key) ? key[0] : key,
          body,
          at: Date.now(),
        };
        const index = fake.requests.length;
        fake.requests.push(request);
        fake.inFlight += 1;
        fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight);
        const answer = fake.script.shift() ?? fake.reply(request, index);
        const send = () => {
          fake.inFlight -= 1;
          let payload = answer.body;
          if (payload === undefined) {
            if (answer.status >= 200 && answer.status < 300) {
              const known = request.idempotencyKey ? fake.sentIds.get(request.idempotencyKey) : undefined;
              const id = known ?? randomUUID();
              if (request.idempotencyKey) fake.sentIds.set(request.idempotencyKey, id);
              payload = { id };
            } else {
              payload = {
                statusCode: answer.status,
                message: `fake resend says ${answer.status}`,
                name: ERROR_NAMES[answer.status] ?? "application_error",
              };
            }
          }
          res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
          res.end(JSON.stringify(payload));
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    ref.self = new FakeResend(server, `http://127.0.0.1:${port}`);
    return ref.self;
  }

  /** Back to "always 200", with no recorded requests. */
  reset() {
    this.requests = [];
    this.script = [];
    this.reply = () => ({ status: 200 });
    this.sentIds.clear();
    this.inFlight = 0;
    this.maxInFlight = 0;
  }

  /** Requests that carried the given Idempotency-Key. */
  requestsFor(idempotencyKey: string): ResendRequest[] {
    return this.requests.filter((r) => r.idempotencyKey === idempotencyKey);
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
