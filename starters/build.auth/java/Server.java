// Starter for build.auth: register, login and a protected route, with only the JDK (com.sun.net.httpserver).
//
// Run:   java Server.java          (port 8000, or the PORT environment variable)
//        java Server.java 8001     (another port)
// Check: backroad check build.auth --target http://127.0.0.1:8000
// Every request answers 501 Not Implemented until you write it.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class Server {
    // What to write (see the exercise prompt for the whole contract):
    //   POST /register {"username", "password"} -> 201; 409 taken; 400/422 password under 8 characters
    //   POST /login    {"username", "password"} -> 200 {"token": ...}; 401 otherwise
    //   GET  /me       Authorization: Bearer <token> -> 200 with the username; 401 otherwise
    // Store a salted hash of each password (javax.crypto PBKDF2WithHmacSHA256 is built in),
    // never the password itself. A random token (SecureRandom) in a map is a fine token.

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
