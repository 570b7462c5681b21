// @ts-check
// Starter for build.auth: register, login and a protected route
//
// Run:   node server.mjs          (port 8000, or the PORT environment variable)
//        node server.mjs 8001     (another port)
// Check: backroad check build.auth --target http://127.0.0.1:8000
// No packages. Every request answers 501 Not Implemented until you write it.

import http from "node:http";

// What to write (see the exercise prompt for the whole contract):
//   POST /register {"username", "password"} -> 201; 409 taken; 400/422 password under 8 characters
//   POST /login    {"username", "password"} -> 200 {"token": ...}; 401 otherwise
//   GET  /me       Authorization: Bearer <token> -> 200 with the username; 401 otherwise
// Store a salted hash of each password (scrypt is built in), never the password itself.

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
