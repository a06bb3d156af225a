package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file, ready to serve: its bytes, their gzip
// form (when that is smaller) and its content-hashed URL.
type asset struct {
	name  string // logical name, as templates ask for it: "app.css"
	url   string // "/static/app.3f9a1c2b.css"
	ctype string
	body  []byte
	gz    []byte // nil when gzip does not make it smaller
	hash  string // the first 8 hex digits of the SHA-256 of body
	etag  string
}

// newAsset hashes and gzips body once.
func newAsset(name, ctype string, body []byte) *asset {
	sum := sha256.Sum256(body)
	a := &asset{name: name, ctype: ctype, body: body, hash: hex.EncodeToString(sum[:4])}
	a.etag = `"` + a.hash + `"`
	if gz := gzipBytes(body); len(gz) < len(body) {
		a.gz = gz
	}
	return a
}

// assets are the static files, hashed and compressed once at start.
type assets struct {
	byName map[string]*asset
	byFile map[string]*asset // hashed file name → asset
}

// loadAssets reads every file under fsys's root, names it by the first
// eight hex digits of its SHA-256 and gzips it.
func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byFile: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		ext := path.Ext(p)
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		as := newAsset(p, ctype, body)
		file := strings.TrimSuffix(p, ext) + "." + as.hash + ext
		as.url = "/static/" + file
		a.byName[p] = as
		a.byFile[file] = as
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading static assets: %w", err)
	}
	return a, nil
}

// URL returns the hashed URL of the asset called name. An unknown name is a
// mistake in a template, caught when the template runs in tests.
func (a *assets) URL(name string) (string, error) {
	as, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return as.url, nil
}

// serve answers GET /static/{file}: a hashed URL never changes its bytes,
// so it may be cached for a year.
func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	as, ok := a.byFile[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	a.write(w, r, as, "public, max-age=31536000, immutable")
}

// write sends one asset, gzipped when the client takes it.
func (a *assets) write(w http.ResponseWriter, r *http.Request, as *asset, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", as.ctype)
	h.Set("Cache-Control", cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", as.etag)
	h.Add("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == as.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := as.body
	if as.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = as.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (and does not refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				return false
			}
		}
		return true
	}
	return false
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}
