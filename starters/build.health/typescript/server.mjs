// The start of build.health, with only Node's standard library (Node 18 or later).
//
// Run:   node server.mjs            (port 8000, or the PORT environment variable)
//        node server.mjs 8001       (another port)
// Check: backroad check build.health --target http://127.0.0.1:8000
import http from "node:http";

let databaseSwitchedOff = false; // set by POST /_test/db-down

// Stands in for a real query such as SELECT 1 on your database connection.
async function databaseOk() {
  return !databaseSwitchedOff;
}

function sendJson(res, status, data) {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  if (req.method === "GET" && path === "/health") {
    // TODO: answer 200 with {"status": "ok"}; do not look at the database here.
    return sendJson(res, 501, { error: "TODO: write GET /health in server.mjs" });
  }
  if (req.method === "GET" && path === "/ready") {
    // TODO: await databaseOk(); answer 200 {"status": "ready", "checks": {"database": "ok"}}
    //       or 503 {"status": "not ready", "checks": {"database": "down"}}.
    return sendJson(res, 501, { error: "TODO: write GET /ready in server.mjs" });
  }
  if (req.method === "POST" && path === "/_test/db-down") {
    databaseSwitchedOff = true;
    return sendJson(res, 200, { database: "down" });
  }
  if (req.method === "POST" && path === "/_test/db-up") {
    databaseSwitchedOff = false;
    return sendJson(res, 200, { database: "up" });
  }
  sendJson(res, 404, { error: `no route for ${req.method} ${path}` });
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port}  (Ctrl+C to stop)`);
});
