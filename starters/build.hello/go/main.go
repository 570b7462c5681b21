// A tiny HTTP server with only Go's standard library: the start of build.hello.
//
// Run it with "go run ." (port 8000, or the PORT environment variable), or "go run . 8001"
// for another port. Then check it: backroad check build.hello --target http://127.0.0.1:8000
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
)

// sendJSON answers with a status and a JSON body.
func sendJSON(w http.ResponseWriter, status int, data any) {
	body, err := json.Marshal(data)
	if err != nil {
		http.Error(w, "could not encode the answer", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func main() {
	port := os.Getenv("PORT")
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	if port == "" {
		port = "8000"
	}

	mux := http.NewServeMux()
	// "/" matches every path, so check the method and the exact path here. (Go 1.22 and later
	// also accept patterns such as "GET /hello" in HandleFunc.)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/hello" {
			// TODO: answer 200 with the JSON object {"message": "hello"}.
			sendJSON(w, http.StatusNotImplemented, map[string]string{"error": "TODO: write the GET /hello handler in main.go"})
			return
		}
		sendJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path)})
	})

	addr := "127.0.0.1:" + port
	fmt.Printf("listening on http://%s  (Ctrl+C to stop)\n", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
