// A small HTTP control endpoint for a running simulator (loopback only): inject faults and
// change the running configuration out of band, as tests, the chaos suite and people do.
//   GET  /running           the running configuration (SR OS: XML, SR Linux: JSON_IETF)
//   PUT  /running           replace it (a NOC engineer's manual change)
//   POST /faults            {"latencyMs":500,"rejectNext":"message","hang":true}
//   POST /faults            {"port":"1/1/c1/1","oper":"down","reason":"..."}: a port's link goes down
//                           (or "oper":"up": back); the router's operational state follows (port-faults.ts)
//   POST /drop              drop every open session
import { createServer, type Server } from 'node:http';
import type { PortFault } from './port-faults.js';

export interface Controllable {
  runningText(): string;
  setRunningText(text: string): void;
  setFaults(f: { latencyMs?: number; rejectNext?: string; hang?: boolean }): void;
  /** Takes a port down or brings it back; throws on a bad request. */
  setPortFault(f: PortFault): void;
  dropConnections(): void | Promise<void>;
}

export function serveControl(sim: Controllable, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', async () => {
      try {
        if (req.method === 'GET' && req.url === '/running') {
          res.writeHead(200).end(sim.runningText());
        } else if (req.method === 'PUT' && req.url === '/running') {
          sim.setRunningText(body);
          res.writeHead(204).end();
        } else if (req.method === 'POST' && req.url === '/faults') {
          const f = JSON.parse(body || '{}') as Parameters<Controllable['setFaults']>[0] & Partial<PortFault>;
          // A port fault leaves the session faults (latency, hang) as they are.
          if ('port' in f) sim.setPortFault(f as PortFault);
          else sim.setFaults(f);
          res.writeHead(204).end();
        } else if (req.method === 'POST' && req.url === '/drop') {
          await sim.dropConnections();
          res.writeHead(204).end();
        } else res.writeHead(404).end('unknown control request\n');
      } catch (e) {
        res.writeHead(400).end(`${(e as Error).message}\n`);
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
