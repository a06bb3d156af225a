package library

import (
	"strings"
	"testing"
)

func TestMarkdownHTML(t *testing.T) {
	md := "# Title\n\nA **bold** and *soft* word, a [link](https://nhs.uk) and a [bad](javascript:alert).\n\n- one\n- two <b>\n\n1. first\n2. second\n\n### Small\n<script>x</script>\n"
	want := "<h2>Title</h2>\n" +
		"<p>A <strong>bold</strong> and <em>soft</em> word, a <a href=\"https://nhs.uk\">link</a> and a bad.</p>\n" +
		"<ul>\n<li>one</li>\n<li>two <!-- raw HTML omitted --></li>\n</ul>\n" +
		"<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n" +
		"<h3>Small</h3>\n<!-- raw HTML omitted -->\n"
	if got := MarkdownHTML(md); got != want {
		t.Errorf("MarkdownHTML =\n%s\nwant\n%s", got, want)
	}
	for md, want := range map[string]string{
		"## Two\n\n#### Four\n\n###### Six":               "<h2>Two</h2>\n<h4>Four</h4>\n<h4>Six</h4>\n",
		"[here](/articles/x), [up](#top), [off](//x.org)": `<p><a href="/articles/x">here</a>, <a href="#top">up</a>, off</p>` + "\n",
		"<https://nhs.uk> and <javascript:alert(1)>":      `<p><a href="https://nhs.uk">https://nhs.uk</a> and javascript:alert(1)</p>` + "\n",
		"<a@b.org> and ![a *knot*](https://x.org/k.png)":  "<p>a@b.org and a <em>knot</em></p>\n",
		"Say \"no\" & mean it":                            "<p>Say &quot;no&quot; &amp; mean it</p>\n",
	} {
		if got := MarkdownHTML(md); got != want {
			t.Errorf("MarkdownHTML(%q) = %q, want %q", md, got, want)
		}
	}
}

func TestArticleHTMLIsSafe(t *testing.T) {
	for _, a := range Default().Articles() {
		h := a.HTML()
		if strings.Contains(h, "<script") || strings.Contains(h, "javascript:") {
			t.Errorf("%s: unsafe HTML", a.ID)
		}
		// Raw HTML is left out of the page: an article holding some has a
		// mistake in it.
		if strings.Contains(h, "raw HTML omitted") {
			t.Errorf("%s: raw HTML in the source, which the page leaves out", a.ID)
		}
		if !strings.HasPrefix(h, "<h2>") {
			t.Errorf("%s: should start with its heading, got %.40q", a.ID, h)
		}
		if err := wellFormed("<div>" + h + "</div>"); err != nil {
			t.Errorf("%s: HTML is not well formed: %v", a.ID, err)
		}
	}
}

// Internal links in articles point at other articles, at the address the
// web serves them on; any other path on this site would be a broken link.
func TestArticleLinksResolve(t *testing.T) {
	lib := Default()
	for _, a := range lib.Articles() {
		if strings.Contains(a.Body, "](/") && strings.Count(a.Body, "](/") != strings.Count(a.Body, "](/articles/") {
			t.Errorf("%s links to a path that is not an article", a.ID)
		}
		for _, part := range strings.Split(a.Body, "](/articles/")[1:] {
			id := part[:strings.IndexByte(part, ')')]
			if _, ok := lib.Article(id); !ok {
				t.Errorf("%s links to unknown article %q", a.ID, id)
			}
		}
	}
}
