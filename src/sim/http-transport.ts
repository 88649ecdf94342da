// HIS envelopes over HTTP with kept-alive connections: a HIS holds its connections open, and the simulator should
// not spend its time (or the platform's) opening new ones.
import { Agent, request } from 'node:http';
import type { HisAnswer, HisTransport } from './his-client.ts';

const HIS_PATH = '/fsi/api/rsfComIfsService/callService';
/** A platform that does not answer in this time is counted as a failure of the message. */
const REQUEST_TIMEOUT_MS = 30_000;

export function keepAliveTransport(baseUrl: string, options: { maxSockets: number }): HisTransport {
  const url = new URL(HIS_PATH, baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  return (body) =>
    new Promise<HisAnswer>((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const req = request(
        {
          agent,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve(JSON.parse(text) as HisAnswer);
            } catch {
              reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
}
