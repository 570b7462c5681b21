// The start of build.idempotent-jobs, with only Node's standard library (Node 18 or later).
//
// Run:   node server.mjs            (port 8000, or the PORT environment variable)
//        node server.mjs 8001       (another port)
// Check: backroad check build.idempotent-jobs --target http://127.0.0.1:8000
import http from "node:http";

const jobs = new Map(); // job id -> { id, task, status }
const byKey = new Map(); // Idempotency-Key -> { id, body } (the body it was created with)

function sendJson(res, status, data, headers = {}) {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  if (req.method === "POST" && path === "/jobs") {
    const raw = await readBody(req);
    const key = req.headers["idempotency-key"];
    // TODO: 400 without a key; parse the JSON body ({"task": "..."}, 422 if it is not);
    //       look the key up in byKey: same body -> the stored job (200), another body -> 422;
    //       a new key -> a new job in jobs, 202 + Location: /jobs/{id}.
    return sendJson(res, 501, { error: "TODO: write POST /jobs in server.mjs" });
  }
  // TODO: GET /jobs/{id} answers 200 with the job, 404 when there is none.
  sendJson(res, 404, { error: `no route for ${req.method} ${path}` });
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port}  (Ctrl+C to stop)`);
});
