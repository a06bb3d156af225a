package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"unknot/internal/clinical"
	"unknot/internal/metrics"
)

// openAPIDoc parses the embedded document.
func openAPIDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	return doc
}

func TestOpenAPIIsValidJSONAndVersion(t *testing.T) {
	doc := openAPIDoc(t)
	if v := doc["openapi"]; v != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info["version"] != "v1" || info["title"] == nil {
		t.Errorf("info = %v, want a title and version v1", info)
	}
	schemes, _ := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	for _, name := range []string{"session", "token"} {
		if schemes[name] == nil {
			t.Errorf("security scheme %q is missing", name)
		}
	}
	if c, _ := schemes["session"].(map[string]any); c["name"] != SessionCookie || c["in"] != "cookie" {
		t.Errorf("session scheme = %v, want the %s cookie", c, SessionCookie)
	}
}

// jsonPointer resolves a local reference such as "#/components/schemas/Error".
func jsonPointer(doc any, ref string) (any, bool) {
	p, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(p, "/")[1:] {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[tok]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func TestOpenAPIRefsResolve(t *testing.T) {
	doc := openAPIDoc(t)
	n := 0
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				n++
				if _, ok := jsonPointer(doc, ref); !ok {
					t.Errorf("%s: $ref %q does not resolve inside the document", at, ref)
				}
			}
			for k, c := range v {
				walk(c, at+"/"+k)
			}
		case []any:
			for _, c := range v {
				walk(c, at+"[]")
			}
		}
	}
	walk(doc, "#")
	if n == 0 {
		t.Error("no $ref at all: the shared components are not used")
	}
}

// registeredAPIRoutes lists "METHOD /api/v1/..." for every registered API
// route, with Go's wildcards in OpenAPI's form.
func registeredAPIRoutes(t *testing.T) map[string]bool {
	t.Helper()
	s := &Server{Metrics: metrics.New(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	out := map[string]bool{}
	for _, p := range s.Routes() {
		method, path, ok := strings.Cut(p, " ")
		if !ok || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		path = strings.ReplaceAll(path, "...}", "}") // {rest...} is {rest} in OpenAPI
		path = strings.TrimSuffix(path, "{$}")
		out[strings.ToLower(method)+" "+path] = true
	}
	if len(out) == 0 {
		t.Fatal("no /api/v1 routes registered")
	}
	return out
}

var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// documentedAPIRoutes lists "method /api/v1/..." for every operation in the
// document under /api/v1/.
func documentedAPIRoutes(t *testing.T, doc map[string]any) map[string]map[string]any {
	t.Helper()
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatal("the document has no paths")
	}
	out := map[string]map[string]any{}
	for path, item := range paths {
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		ops, _ := item.(map[string]any)
		for k, op := range ops {
			if slices.Contains(openAPIMethods, k) {
				o, _ := op.(map[string]any)
				out[k+" "+path] = o
			}
		}
	}
	return out
}

func TestOpenAPICoversEveryRoute(t *testing.T) {
	doc := openAPIDoc(t)
	registered := registeredAPIRoutes(t)
	documented := documentedAPIRoutes(t, doc)
	var missing, stale []string
	for r := range registered {
		if documented[r] == nil {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !registered[r] {
			stale = append(stale, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	for _, r := range missing {
		t.Errorf("registered route %s is not in openapi.json", r)
	}
	for _, r := range stale {
		t.Errorf("openapi.json describes %s, which is not a registered route", r)
	}
}

func TestOpenAPIOperationsAreComplete(t *testing.T) {
	doc := openAPIDoc(t)
	for r, op := range documentedAPIRoutes(t, doc) {
		if s, _ := op["summary"].(string); s == "" {
			t.Errorf("%s has no summary", r)
		}
		resps, _ := op["responses"].(map[string]any)
		success := false
		for code := range resps {
			if strings.HasPrefix(code, "2") {
				success = true
			}
		}
		if !success {
			t.Errorf("%s has no success response", r)
		}
		// Every path wildcard is declared as a path parameter.
		_, path, _ := strings.Cut(r, " ")
		declared := map[string]bool{}
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			pm, _ := p.(map[string]any)
			if ref, ok := pm["$ref"].(string); ok {
				v, _ := jsonPointer(doc, ref)
				pm, _ = v.(map[string]any)
			}
			if pm["in"] == "path" {
				declared[pm["name"].(string)] = true
			}
		}
		for _, seg := range strings.Split(path, "/") {
			if name, ok := strings.CutPrefix(seg, "{"); ok {
				name = strings.TrimSuffix(name, "}")
				if !declared[name] {
					t.Errorf("%s: path parameter %q is not declared", r, name)
				}
			}
		}
		// A request body means 400, 413 and 422 are possible.
		if op["requestBody"] != nil {
			for _, code := range []string{"400", "413", "422"} {
				if resps[code] == nil {
					t.Errorf("%s takes a body but does not describe %s", r, code)
				}
			}
		}
	}
}

// schemaAt walks a dotted field path (as clinical.List.Field names it)
// through a schema's properties.
func schemaAt(t *testing.T, schema map[string]any, field string) map[string]any {
	t.Helper()
	cur := schema
	for _, name := range strings.Split(field, ".") {
		props, _ := cur["properties"].(map[string]any)
		next, ok := props[name].(map[string]any)
		if !ok {
			t.Fatalf("AssessmentInput has no property %q (of %q)", name, field)
		}
		cur = next
	}
	return cur
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func TestOpenAPIAssessmentInputMatchesVocabulary(t *testing.T) {
	doc := openAPIDoc(t)
	v, ok := jsonPointer(doc, "#/components/schemas/AssessmentInput")
	if !ok {
		t.Fatal("no AssessmentInput schema")
	}
	input := v.(map[string]any)

	// The exported vocabularies, as forms and docs read them.
	exported := map[string][]string{
		"regions": clinical.Regions, "radiation": clinical.Radiation, "symptoms": clinical.Symptoms,
		"history": clinical.History, "self_care.tried": clinical.Tried, "triggers": clinical.Triggers,
		"self_care.trend": clinical.Trends, "sex": clinical.Sexes,
	}
	for _, l := range clinical.Lists() {
		field := l.Field()
		s := schemaAt(t, input, field)
		var got []string
		if s["type"] == "array" {
			items, _ := s["items"].(map[string]any)
			got = stringList(items["enum"])
		} else {
			got = stringList(s["enum"])
		}
		if want := l.Words(); !slices.Equal(got, want) {
			t.Errorf("%s enum = %q, want the decoder's %q", field, got, want)
		}
		if want, ok := exported[field]; !ok {
			t.Errorf("list %q has no exported vocabulary in this test", field)
		} else if !slices.Equal(got, want) {
			t.Errorf("%s enum = %q, want %q", field, got, want)
		}
	}

	if req := stringList(input["required"]); !slices.Equal(req, []string{"age", "regions"}) {
		t.Errorf("AssessmentInput required = %q, want [age regions]", req)
	}
	// Unknown fields are refused at every level, as the decoder does.
	var closed func(s map[string]any, at string)
	closed = func(s map[string]any, at string) {
		if s["type"] != "object" {
			return
		}
		if s["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties is not false", at)
		}
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			if pm, ok := p.(map[string]any); ok {
				closed(pm, at+"."+name)
			}
		}
	}
	closed(input, "AssessmentInput")

	// The result's dispositions are the contract's four.
	d, _ := jsonPointer(doc, "#/components/schemas/Disposition")
	got := stringList(d.(map[string]any)["enum"])
	want := []string{string(clinical.Emergency), string(clinical.Urgent), string(clinical.SeeClinician), string(clinical.SelfCareOnly)}
	if !slices.Equal(got, want) {
		t.Errorf("Disposition enum = %q, want %q", got, want)
	}
}

func TestOpenAPIServed(t *testing.T) {
	h := newTestServer(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if cc := rec.Header().Get("Cache-Control"); cc == "" {
		t.Error("no Cache-Control header")
	}
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc["openapi"] != "3.1.0" {
		t.Errorf("served body is not the document: %v", err)
	}
}
