// A small JSON API with only Go's standard library: the start of build.word-count.
//
// Run it with "go run ." (port 8000, or the PORT environment variable), or "go run . 8001"
// for another port. Then check it: backroad check build.word-count --target http://127.0.0.1:8000
package main

import (
	"encoding/json"
	"fmt"
	"io"
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

func count(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20)) // at most 1 MiB
	if err != nil {
		sendJSON(w, http.StatusBadRequest, map[string]string{"error": "could not read the body"})
		return
	}
	// TODO:
	// 1. decode raw into a struct { Text *string `json:"text"` } with json.Unmarshal; on error, answer 400
	// 2. if Text is nil (missing or null), answer 400
	// 3. answer 200 with {"words": ..., "unique": ...} (strings.Fields splits on any whitespace)
	sendJSON(w, http.StatusNotImplemented, map[string]any{
		"error":          "TODO: write the POST /count handler in main.go",
		"received_bytes": len(raw),
	})
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
	// "/" matches every path, so check the method and the exact path here.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/count" {
			count(w, r)
			return
		}
		sendJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path)})
	})

	addr := "127.0.0.1:" + port
	fmt.Printf("listening on http://%s  (Ctrl+C to stop)\n", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
