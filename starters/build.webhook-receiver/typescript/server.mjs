// @ts-check
// Starter for build.webhook-receiver: a webhook receiver that checks signatures
//
// Run:   node server.mjs          (port 8000, or the PORT environment variable)
//        node server.mjs 8001     (another port)
// Check: backroad check build.webhook-receiver --target http://127.0.0.1:8000
// No packages. Every request answers 501 Not Implemented until you write it.

import http from "node:http";

// What to write (see the exercise prompt for the whole contract):
//   POST /webhook  X-Backroad-Signature: sha256=<hex HMAC-SHA256 of the raw body>
//                  -> 2xx when it matches (each event id processed once), 400/401/403 otherwise
//   GET  /events   -> 200 ["evt_...", ...]: the ids processed, in order, each once
const SECRET = "whsec_backroad_practice";

/**
 * Send a JSON answer.
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(data),
    ...headers,
  });
  res.end(data);
}

/**
 * The raw request body, as a Buffer.
 * @param {http.IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  await readBody(req);
  sendJson(res, 501, { error: `not written yet: ${req.method} ${url.pathname}` });
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
server.listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
