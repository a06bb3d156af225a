package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	routeKey
	addressKey
)

// routeHolder carries the matched route pattern out to the middleware that
// logs and measures: handlers between them replace the request.
type routeHolder struct{ pattern string }

// recordRoute is the innermost wrapper, around the mux, which sets
// r.Pattern on the request it routes.
func recordRoute(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if h, ok := r.Context().Value(routeKey).(*routeHolder); ok {
				h.pattern = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// RequestID returns the request's id, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware wraps every request: request id, body limit, panic recovery,
// metrics and one log line. It logs the route pattern, never the raw path or
// query: paths carry private result ids.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		if s.draining.Load() {
			w.Header().Set("Connection", "close")
		}
		route := &routeHolder{}
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey, id), routeKey, route)
		ctx = context.WithValue(ctx, addressKey, s.remoteAddress(r))
		r = r.WithContext(ctx)
		if s.MaxBodyBytes > 0 && r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.MaxBodyBytes)
		}
		sw := &statusWriter{ResponseWriter: w}
		end := s.Metrics.Begin()
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Logger.ErrorContext(ctx, "panic", "panic", fmt.Sprint(p), "request_id", id)
				if sw.status == 0 {
					s.writeError(sw, r, fmt.Errorf("panic: %v", p))
				}
			}
			pattern := route.pattern
			if pattern == "" {
				pattern = "unmatched"
			}
			end(pattern, r.Method, sw.status)
			s.Logger.InfoContext(ctx, "request", "request_id", id, "method", r.Method, "route", pattern,
				"status", sw.status, "duration_ms", float64(time.Since(start).Microseconds())/1000)
		}()
		next.ServeHTTP(sw, r)
	})
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
