// The start of a URL shortener: capstone stage 1 (cap.shortener-1), with Node's built-in http module only.
//
// Run:   node server.mjs          (port 8000, or the PORT environment variable)
//        node server.mjs 8001     (another port)
// Check: backroad check cap.shortener-1 --target http://127.0.0.1:8000
//
// Stage 1 asks for (the full contract is in the lesson "Capstone: a URL shortener"):
//   POST /links        shorten {url}: 201 {code, url} and Location
//   GET  /{code}       302 to the stored URL, or 404
//
// Plain JavaScript, which is what TypeScript compiles to: the README says how to add types.

import http from "node:http";

const data = {}; // your in-memory state (Node runs one request handler at a time)

/** Answer with a status, optional extra headers, and a JSON body (none for 204). */
function send(res, status, body, headers = {}) {
  const raw = body === undefined ? "" : JSON.stringify(body);
  const head = { ...headers, "Content-Length": Buffer.byteLength(raw) };
  if (body !== undefined) head["Content-Type"] = "application/json";
  res.writeHead(status, head);
  res.end(raw);
}

/** The request body as an object, or null when it is not a JSON object. */
function parseJson(raw) {
  try {
    const value = JSON.parse(raw || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

const server = http.createServer((req, res) => {
  // Read the whole body first, then route.
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url, "http://localhost");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const body = parseJson(Buffer.concat(chunks).toString("utf8"));

    if (req.method === "POST" && path === "/links") {
      // TODO: store the link under a new short code, answer 201 with {code, url}.
      return send(res, 501, { error: "TODO: write POST /links in server.mjs" });
    }

    // More routes: const m = path.match(/^\/things\/(\d+)$/) and so on.
    send(res, 404, { error: `no route for ${req.method} ${path}` });
  });
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port}  (Ctrl+C to stop)`);
});
