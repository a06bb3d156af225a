package library

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Article is a short piece of education in plain language.
type Article struct {
	ID      string   `json:"id" yaml:"id"`
	Title   string   `json:"title" yaml:"title"`
	Summary string   `json:"summary" yaml:"summary"`
	Sources []string `json:"sources" yaml:"sources"`
	// Body is the Markdown text after the front matter.
	Body string `json:"body" yaml:"-"`
}

// HTML renders the article's body as safe HTML (see MarkdownHTML).
func (a Article) HTML() string { return MarkdownHTML(a.Body) }

// parseArticle splits YAML front matter (between "---" lines) from the
// Markdown body.
func parseArticle(src []byte) (Article, error) {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return Article{}, fmt.Errorf("no front matter: the file must start with ---")
	}
	front, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return Article{}, fmt.Errorf("front matter is not closed by ---")
	}
	var a Article
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		return Article{}, fmt.Errorf("front matter: %w", err)
	}
	a.Body = string(bytes.TrimSpace(body)) + "\n"
	return a, nil
}
