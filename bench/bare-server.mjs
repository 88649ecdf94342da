// Baseline for bench/startup.ts: a bare Node HTTP server, the least any server process can take to answer.
import { createServer } from 'node:http';

const server = createServer((_request, response) => response.end('ok'));
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
