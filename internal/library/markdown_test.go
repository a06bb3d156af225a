package library

import (
	"strings"
	"testing"
)

func TestMarkdownHTML(t *testing.T) {
	md := "# Title\n\nA **bold** and *soft* word, a [link](https://nhs.uk) and a [bad](javascript:alert).\n\n- one\n- two <b>\n\n1. first\n2. second\n\n### Small\n<script>x</script>\n"
	want := "<h2>Title</h2>\n" +
		"<p>A <strong>bold</strong> and <em>soft</em> word, a <a href=\"https://nhs.uk\">link</a> and a bad.</p>\n" +
		"<ul>\n<li>one</li>\n<li>two &lt;b&gt;</li>\n</ul>\n" +
		"<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n" +
		"<h3>Small</h3>\n<p>&lt;script&gt;x&lt;/script&gt;</p>\n"
	if got := MarkdownHTML(md); got != want {
		t.Errorf("MarkdownHTML =\n%s\nwant\n%s", got, want)
	}
}

func TestArticleHTMLIsSafe(t *testing.T) {
	for _, a := range Default().Articles() {
		h := a.HTML()
		if strings.Contains(h, "<script") || strings.Contains(h, "javascript:") {
			t.Errorf("%s: unsafe HTML", a.ID)
		}
		if !strings.HasPrefix(h, "<h2>") {
			t.Errorf("%s: should start with its heading, got %.40q", a.ID, h)
		}
		if err := wellFormed("<div>" + h + "</div>"); err != nil {
			t.Errorf("%s: HTML is not well formed: %v", a.ID, err)
		}
	}
}

// Internal links in articles point at other articles.
func TestArticleLinksResolve(t *testing.T) {
	lib := Default()
	for _, a := range lib.Articles() {
		for _, part := range strings.Split(a.Body, "](/learn/")[1:] {
			id := part[:strings.IndexByte(part, ')')]
			if _, ok := lib.Article(id); !ok {
				t.Errorf("%s links to unknown article %q", a.ID, id)
			}
		}
	}
}
