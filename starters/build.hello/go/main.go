// A tiny HTTP server with only Go's standard library: the start of build.hello.
//
// Run:   go run .          (port 8000, or the PORT environment variable)
//        go run . 8001     (another port)
// Check: backroad check build.hello --target http://127.0.0.1:8000
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
	// Go 1.22 patterns: "GET /hello" matches only GET (and HEAD) on exactly /hello.
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		// TODO: answer 200 with the JSON object {"message": "hello"}.
		sendJSON(w, http.StatusNotImplemented, map[string]string{"error": "TODO: write the GET /hello handler in main.go"})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		sendJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path)})
	})

	addr := "127.0.0.1:" + port
	fmt.Printf("listening on http://%s  (Ctrl+C to stop)\n", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
