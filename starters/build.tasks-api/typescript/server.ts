// Starter for build.tasks-api: a tasks API on Node's built-in http module, in TypeScript.
//
// Run it:    node --experimental-strip-types server.ts   (Node 22.6 or later; port 8000,
//            or pass another as argument)
// Check it:  backroad check build.tasks-api --target http://127.0.0.1:8000
//
// Every route answers 501 Not Implemented until you write it. Start with GET /tasks.

import { createServer, IncomingMessage, ServerResponse } from "node:http";

type Task = { id: number; title: string; completed: boolean; created_at: string };

const tasks = new Map<number, Task>(); // kept in memory while the server runs

function answer(res: ServerResponse, status: number, body?: unknown): void {
  const data = body === undefined ? "" : JSON.stringify(body);
  const headers: Record<string, string | number> = { "Content-Length": Buffer.byteLength(data) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  res.writeHead(status, headers);
  res.end(data);
}

// The request body parsed as JSON; rejects when it is not JSON.
async function readJson(req: IncomingMessage): Promise<unknown> {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  return JSON.parse(raw || "null");
}

const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  const path = (req.url ?? "/").split("?")[0];
  // TODO: GET /tasks answers 200 and a JSON list of the tasks.
  // TODO: POST /tasks with {"title": "..."} stores a task and answers 201 with it: id, title,
  //       completed (false unless given), created_at (ISO 8601 text). A body that is not
  //       JSON: 400. No title: 400 or 422. (readJson() above rejects on bad JSON.)
  // TODO: GET /tasks/:id answers 200 and the task, or 404; PUT replaces it (200);
  //       DELETE removes it (204, no body).
  answer(res, 501, { error: `${req.method} ${path} is not written yet` });
});

const port = Number(process.argv[2] ?? 8000);
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port}`);
});
