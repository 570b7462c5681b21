// @ts-check
// Starter for build.transfer: accounts and money transfers that stay consistent
//
// Run: node server.js 8000
// Check: backroad check build.transfer --target http://127.0.0.1:8000
// No packages. Every request answers 501 Not Implemented until you write it.

import http from "node:http";

// What to write (see the exercise prompt for the whole contract):
//   POST /accounts  {"balance": 1000}                 -> 201 {"id", "balance"}
//   GET  /accounts/{id}                                -> 200 {"id", "balance"}; 404 unknown
//   POST /transfers {"from": 1, "to": 2, "amount": 300}
//        -> 201 {"id", "from", "to", "amount"}; 409 not enough money; 404 unknown account;
//           422 amount not a positive integer, or from == to
// Amounts are integer cents.
//
// Kept in memory, Node runs one callback at a time: a check and an update with no `await`
// between them cannot be interleaved by another request. Put an `await` between them (a
// database call, a log write) and they can. With a real database (pg, mysql2), do the transfer
// in one transaction: BEGIN, a conditional UPDATE ... WHERE balance >= amount, COMMIT.

/** @type {Map<number, {id: number, balance: number}>} */
const accounts = new Map();

/**
 * Send a JSON answer.
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(data),
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

const port = Number(process.argv[2] ?? 8000);
server.listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
