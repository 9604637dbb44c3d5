import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { fixAt } from './ingest-requests.ts';

/**
 * The client side of the SSE latency measurement, off the server's event loop: opens one share
 * stream per order, then posts one fix per device per round through the native endpoint and
 * times "reply 2xx received" → "location event received" for each fix.
 */
export interface SseSpec {
  url: string;
  authorization: string;
  subscribers: { deviceId: string; streamPath: string; start: [number, number] }[];
  t0Ms: number;
  stepMs: number;
  seqStart: number;
  rounds: number;
  concurrency: number;
}

export interface SseResult {
  samples: number;
  missing: number;
  p50: number;
  p99: number;
  maxMs: number;
  /** Posted → event, for comparison (includes the ingest request itself). */
  postedP99: number;
}

const spec = workerData as SseSpec;
const starts = spec.subscribers.map((s) => s.start);
const received = new Map<string, number>();
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
const sockets: http.ClientRequest[] = [];

function subscribe(i: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(spec.url + path, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${path} -> ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      resolve();
      res.on('data', (chunk: string) => {
        const now = performance.timeOrigin + performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: location')) continue;
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const recordedAt = (JSON.parse(data.slice(6)) as { recorded_at: string }).recorded_at;
          received.set(`${i}|${recordedAt}`, now);
        }
      });
    });
    req.on('error', reject);
    sockets.push(req);
  });
}

function post(path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      spec.url + path,
      { method: 'POST', agent, headers: { authorization: spec.authorization, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

for (let i = 0; i < spec.subscribers.length; i += 100) {
  await Promise.all(spec.subscribers.slice(i, i + 100).map((s, j) => subscribe(i + j, s.streamPath)));
}
await new Promise((r) => setTimeout(r, 1000));

const sent: { key: string; postedAt: number; acceptedAt: number }[] = [];
for (let round = 0; round < spec.rounds; round++) {
  let next = 0;
  const lane = async () => {
    while (next < spec.subscribers.length) {
      const i = next++;
      const s = spec.subscribers[i]!;
      const fix = fixAt({ starts, t0Ms: spec.t0Ms, stepMs: spec.stepMs }, i, spec.seqStart + round);
      const postedAt = performance.timeOrigin + performance.now();
      const status = await post(`/devices/${s.deviceId}/locations`, JSON.stringify([fix]));
      const acceptedAt = performance.timeOrigin + performance.now();
      if (status >= 200 && status < 300) sent.push({ key: `${i}|${fix.recorded_at}`, postedAt, acceptedAt });
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, lane));
}
const deadline = Date.now() + 5000;
while (Date.now() < deadline && sent.some((s) => !received.has(s.key))) await new Promise((r) => setTimeout(r, 50));

const accepted: number[] = [];
const posted: number[] = [];
for (const s of sent) {
  const at = received.get(s.key);
  if (at === undefined) continue;
  // NOTIFY fires at commit, so an event can beat the HTTP reply to the client: that is 0 ms.
  accepted.push(Math.max(0, at - s.acceptedAt));
  posted.push(at - s.postedAt);
}
accepted.sort((a, b) => a - b);
posted.sort((a, b) => a - b);
for (const s of sockets) s.destroy();
agent.destroy();
const result: SseResult = {
  samples: accepted.length,
  missing: sent.length - accepted.length,
  p50: pct(accepted, 50),
  p99: pct(accepted, 99),
  maxMs: accepted.at(-1) ?? NaN,
  postedP99: pct(posted, 99),
};
parentPort!.postMessage(result);
