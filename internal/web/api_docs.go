package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"sync"

	"unknot/internal/domain"
)

// The API page: the OpenAPI document drawn as plain HTML on the server,
// so the binary serves its own reference with no script and nothing from
// another site (no CDN).

type docOperation struct {
	Method, Path, Summary, Description string
	Anchor                             string
	Parameters                         []docParam
	Responses                          []docResponse
	Body                               string
}

type docParam struct{ Name, In, Description string }

type docResponse struct{ Status, Description, Media string }

type docPage struct {
	Title, Version, Description string
	Operations                  []docOperation
	Problems                    []docProblem
}

type docProblem struct {
	Code   domain.Code
	Status int
	Title  string
}

var apiDocsPage = sync.OnceValues(func() ([]byte, error) {
	var doc struct {
		Info struct {
			Title, Version, Description string
		}
		Paths map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		return nil, err
	}
	page := docPage{Title: doc.Info.Title, Version: doc.Info.Version, Description: doc.Info.Description}
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				Summary, Description string
				Parameters           []struct{ Name, In, Description string }
				RequestBody          *struct{ Content map[string]json.RawMessage }
				Responses            map[string]struct {
					Description string
					Ref         string `json:"$ref"`
					Content     map[string]json.RawMessage
				}
			}
			if json.Unmarshal(raw, &op) != nil || op.Responses == nil {
				continue
			}
			o := docOperation{Method: strings.ToUpper(method), Path: path, Summary: op.Summary, Description: op.Description,
				Anchor: strings.NewReplacer("/", "-", "{", "", "}", "").Replace(method + path)}
			for _, p := range op.Parameters {
				o.Parameters = append(o.Parameters, docParam(p))
			}
			if op.RequestBody != nil {
				o.Body = strings.Join(sortedMedia(op.RequestBody.Content), ", ")
			}
			for status, r := range op.Responses {
				d := r.Description
				if r.Ref != "" {
					d = "problem details: " + r.Ref[strings.LastIndex(r.Ref, "/")+1:]
				}
				o.Responses = append(o.Responses, docResponse{Status: status, Description: d, Media: strings.Join(sortedMedia(r.Content), ", ")})
			}
			sort.Slice(o.Responses, func(i, j int) bool { return o.Responses[i].Status < o.Responses[j].Status })
			page.Operations = append(page.Operations, o)
		}
	}
	sort.Slice(page.Operations, func(i, j int) bool {
		a, b := page.Operations[i], page.Operations[j]
		return a.Path < b.Path || a.Path == b.Path && a.Method < b.Method
	})
	for code, status := range statusByCode {
		page.Problems = append(page.Problems, docProblem{Code: code, Status: status, Title: http.StatusText(status)})
	}
	sort.Slice(page.Problems, func(i, j int) bool { return page.Problems[i].Status < page.Problems[j].Status })
	var buf bytes.Buffer
	err := apiDocsTemplate.Execute(&buf, page)
	return buf.Bytes(), err
})

func sortedMedia(c map[string]json.RawMessage) []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var apiDocsTemplate = template.Must(template.New("api").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} {{.Version}}: reference</title></head>
<body><main>
<h1>{{.Title}} {{.Version}}</h1>
<p>{{.Description}}</p>
<p>The machine-readable description is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
Every error is problem details (RFC 9457, <code>application/problem+json</code>) with <code>type</code>, <code>title</code>,
<code>status</code>, <code>detail</code>, and, kept from the first version, <code>error</code>, <code>code</code> and
<code>problems</code> (a list of <code>{"field", "problem"}</code>).</p>
<nav aria-label="Operations"><ul>{{range .Operations}}<li><a href="#{{.Anchor}}">{{.Method}} {{.Path}}</a></li>{{end}}</ul></nav>
{{range .Operations}}<section id="{{.Anchor}}">
<h2>{{.Method}} <code>{{.Path}}</code></h2>
{{if .Summary}}<p><strong>{{.Summary}}</strong></p>{{end}}{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Parameters}}<h3>Parameters</h3><ul>{{range .Parameters}}<li><code>{{.Name}}</code> ({{.In}}){{if .Description}}: {{.Description}}{{end}}</li>{{end}}</ul>{{end}}
{{if .Body}}<p>Body: {{.Body}}</p>{{end}}
<h3>Answers</h3><table><thead><tr><th scope="col">status</th><th scope="col">meaning</th><th scope="col">media type</th></tr></thead><tbody>
{{range .Responses}}<tr><td>{{.Status}}</td><td>{{.Description}}</td><td>{{.Media}}</td></tr>{{end}}</tbody></table>
</section>{{end}}
<section><h2>Problem types</h2><dl>
{{range .Problems}}<dt id="problem-{{.Code}}"><code>{{.Code}}</code></dt><dd>{{.Status}} {{.Title}}</dd>{{end}}
</dl></section>
</main></body></html>
`))

// apiDocs is GET /api/v1/docs: the API's reference page, from the binary.
func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) {
	page, err := apiDocsPage()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(page)
}
