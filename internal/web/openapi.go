package web

import (
	_ "embed"
	"net/http"
	"strconv"
)

// openAPIDocument is the OpenAPI 3.1 description of the JSON API, written
// by hand; openapi_test.go keeps it in step with the routes and the
// contract's vocabulary.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPI is GET /api/v1/openapi.json: the API's description. It changes
// only with the binary, so caches may keep it for a while.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Content-Length", strconv.Itoa(len(openAPIDocument)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(openAPIDocument)
	}
}
