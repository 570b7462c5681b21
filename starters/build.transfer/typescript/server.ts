// Starter for build.transfer: accounts and money transfers that stay consistent, in TypeScript.
//
// Run it:    node --experimental-strip-types server.ts   (Node 22.6 or later; port 8000,
//            or pass another as argument)
// Check it:  backroad check build.transfer --target http://127.0.0.1:8000
//
// Every route answers 501 Not Implemented until you write it. Start with POST /accounts.
//
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
// in one transaction on one pooled client: BEGIN, a conditional
// UPDATE ... WHERE balance >= amount, COMMIT (lesson 07-database-apps/06-transactions).

import { createServer, IncomingMessage, ServerResponse } from "node:http";

type Account = { id: number; balance: number };

const accounts = new Map<number, Account>(); // kept in memory while the server runs

function answer(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(data),
  });
  res.end(data);
}

/** The request body, as text. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  await readBody(req); // read what was sent, even if unused
  answer(res, 501, { error: `not written yet: ${req.method} ${url.pathname}` });
});

const port = Number(process.argv[2] ?? 8000);
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port} (${accounts.size} accounts)`);
});
