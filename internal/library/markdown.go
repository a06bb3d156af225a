package library

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is the one Markdown parser and renderer for articles: CommonMark
// by goldmark, with its default of leaving raw HTML out of the output, and
// articleRules applied to the parsed tree. It is safe for concurrent use.
var markdown = goldmark.New(goldmark.WithParserOptions(
	parser.WithASTTransformers(util.Prioritized(articleRules{}, 100)),
))

// MarkdownHTML renders an article's Markdown (CommonMark) as HTML for the
// article page: headings start at h2, since the page owns h1 (# and ## give
// h2, ### h3, deeper ones h4); paragraphs, lists, emphasis and links are
// CommonMark's. Raw HTML in the source is left out, a link is kept only if
// it is http(s), a path on this site or a #fragment (otherwise its text
// stays and the link goes), and an image becomes its text, so that a page
// never loads anything from elsewhere.
func MarkdownHTML(md string) string {
	var b bytes.Buffer
	// Rendering into memory cannot fail, and the tree holds only the kinds
	// of node goldmark's own renderer draws.
	_ = markdown.Convert([]byte(md), &b)
	return b.String()
}

// articleRules is the AST transformer that applies MarkdownHTML's rules on
// top of CommonMark.
type articleRules struct{}

// Transform shifts headings and unwraps unsafe links and images. Nodes are
// replaced after the walk, since replacing one during it would end the
// walk at the replacement.
func (articleRules) Transform(doc *ast.Document, r text.Reader, _ parser.Context) {
	src := r.Source()
	var unwrap []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(max(n.Level, 2), 4)
		case *ast.Link:
			if !safeHref(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.AutoLink:
			if !safeHref(string(n.URL(src))) {
				unwrap = append(unwrap, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// safeHref reports whether a link may stay: http(s), a path on this site
// (not //host, which leaves it), or a fragment.
func safeHref(h string) bool {
	l := strings.ToLower(h)
	switch {
	case strings.HasPrefix(l, "https://"), strings.HasPrefix(l, "http://"):
		return true
	case strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//"), strings.HasPrefix(l, "#"):
		return true
	}
	return false
}
