// A tiny HTTP server with only the JDK (com.sun.net.httpserver): the start of build.hello.
//
// Run:   java Server.java          (port 8000, or the PORT environment variable)
//        java Server.java 8001     (another port)
// Check: backroad check build.hello --target http://127.0.0.1:8000

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class Server {
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
        // A context matches every path that starts with "/", so check the exact path here.
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if ((method.equals("GET") || method.equals("HEAD")) && path.equals("/hello")) {
                // TODO: answer 200 with the JSON object {"message": "hello"}.
                sendJson(ex, 501, "{\"error\": \"TODO: write the GET /hello handler in Server.java\"}");
            } else {
                sendJson(ex, 404, "{\"error\": \"no route for " + method + " " + path + "\"}");
            }
        });
        server.start();
        System.out.println("listening on http://127.0.0.1:" + port + "  (Ctrl+C to stop)");
    }
}
