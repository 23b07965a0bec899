/**
 * The receiver of the outbox benchmark: a plain node:http server that reads each request's body
 * and answers 204, counting what it got (under `/hang…` it never answers). Prints its URL on stdout;
 * `GET /count` answers the count.
 */
import { createServer } from 'node:http';

let received = 0;
const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/count') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end(String(received));
    return;
  }
  request.resume();
  // A receiver that takes the request and never answers.
  if (request.url?.startsWith('/hang')) return;
  request.on('end', () => {
    received += 1;
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
