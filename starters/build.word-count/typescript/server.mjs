// A small JSON API with only Node's built-in http module: the start of build.word-count.
//
// Run:   node server.mjs          (port 8000, or the PORT environment variable)
//        node server.mjs 8001     (another port)
// Check: backroad check build.word-count --target http://127.0.0.1:8000
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

/** The whole request body as a string (it arrives in chunks). */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  if (req.method !== "POST" || path !== "/count") {
    send(res, 404, { error: `no route for ${req.method} ${path}` });
    return;
  }
  const raw = await readBody(req);
  // TODO:
  // 1. parse raw with JSON.parse inside try/catch; if it fails, answer 400
  // 2. take data.text; if it is missing or not a string, answer 400
  // 3. answer 200 with { words: ..., unique: ... }
  send(res, 501, { error: "TODO: write the POST /count handler in server.mjs", received_bytes: raw.length });
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port}  (Ctrl+C to stop)`);
});
