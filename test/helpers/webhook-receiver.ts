import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  /** The exact bytes as received, for signature checks. */
  raw: string;
  body: any;
  status: number;
}

/**
 * A real HTTP receiver on 127.0.0.1. `respond` picks each answer's status; `down()` closes the
 * socket (connections are refused) and `up()` listens again on the same port.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  respond: (r: Omit<Received, 'status'>) => number = () => 200;
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async up(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = JSON.parse(raw);
        } catch {
          // kept raw
        }
        const status = this.respond({ headers: req.headers, raw, body });
        this.received.push({ headers: req.headers, raw, body, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Accepted (2xx) requests only. */
  get accepted(): Received[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300);
  }
}
