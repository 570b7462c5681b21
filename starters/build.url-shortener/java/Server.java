// Starter for build.url-shortener: a URL shortener, with only the JDK (com.sun.net.httpserver).
//
// Run:   java Server.java          (port 8000, or the PORT environment variable)
//        java Server.java 8001     (another port)
// Check: backroad check build.url-shortener --target http://127.0.0.1:8000
// Every request answers 501 Not Implemented until you write it.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class Server {
    // What to write (see the exercise prompt for the whole contract):
    //   POST /links        {"url": "https://..."} -> 201, Location, {"code": ..., "url": ...}
    //   GET  /{code}       -> 302 with Location: the stored URL; 404 for an unknown code
    //   GET  /links/{code} -> 200 {"url": ..., "hits": number of redirects served}
    // A ConcurrentHashMap from code to (url, hits) is enough storage. The JDK has no JSON
    // parser: for this exercise a small regex for "url" will do, or add a library later.

    /** Answer with a status and a JSON body (the JDK has no JSON library: write it as text). */
    static void sendJson(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1); // -1: no body
            ex.close();
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    public static void main(String[] args) throws IOException {
        String env = System.getenv("PORT");
        int port = Integer.parseInt(args.length > 0 ? args[0] : env != null ? env : "8000");

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        // A context matches every path that starts with "/": route on the exact path inside.
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] raw = ex.getRequestBody().readAllBytes(); // the raw request body, unused so far
            sendJson(ex, 501, "{\"error\": \"not written yet: " + ex.getRequestMethod() + " " + path
                    + " (" + raw.length + " bytes received)\"}");
        });
        server.start();
        System.out.println("listening on http://127.0.0.1:" + port + "  (Ctrl+C to stop)");
    }
}
