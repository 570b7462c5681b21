// A tiny HTTP server with only Node's built-in http module: the start of build.hello.
//
// Run:   node server.mjs          (port 8000, or the PORT environment variable)
//        node server.mjs 8001     (another port)
// Check: backroad check build.hello --target http://127.0.0.1:8000
//
// This is plain JavaScript, the language TypeScript compiles to, so it runs without a build
// step. The README says how to turn it into TypeScript.

import http from "node:http";

/** Answer with a status and a JSON body (with its Content-Type and Content-Length). */
function send(res, status, data) {
  const body = JSON.stringify(data);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  if (req.method === "GET" && path === "/hello") {
    // TODO: answer 200 with the JSON object {"message": "hello"}.
    send(res, 501, { error: "TODO: write the GET /hello handler in server.mjs" });
  } else {
    send(res, 404, { error: `no route for ${req.method} ${path}` });
  }
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port}  (Ctrl+C to stop)`);
});
