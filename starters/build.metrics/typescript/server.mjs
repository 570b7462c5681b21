// The start of build.metrics, with only Node's standard library (Node 18 or later).
//
// Run:   node server.mjs            (port 8000, or the PORT environment variable)
//        node server.mjs 8001       (another port)
// Check: backroad check build.metrics --target http://127.0.0.1:8000
import http from "node:http";

const counts = new Map(); // "method path status" -> number of requests answered

// TODO: return the Prometheus text format: # HELP and # TYPE lines for http_requests_total,
// then one line per entry of counts, e.g.
// http_requests_total{method="GET",path="/hello",status="200"} 2
// and a final newline.
function renderMetrics() {
  return "# TODO: write renderMetrics() in server.mjs\n";
}

function answer(req, res, status, body, contentType) {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
  // TODO: count this request in counts, keyed by method, the path without its query, and status.
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  if (req.method === "GET" && path === "/hello") {
    // TODO: answer 200 with {"message": "hello"}.
    return answer(req, res, 501, JSON.stringify({ error: "TODO: write GET /hello in server.mjs" }), "application/json");
  }
  if (req.method === "GET" && path === "/metrics") {
    return answer(req, res, 200, renderMetrics(), "text/plain; version=0.0.4; charset=utf-8");
  }
  answer(req, res, 404, JSON.stringify({ error: `no route for ${req.method} ${path}` }), "application/json");
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port}  (Ctrl+C to stop)`);
});
