package readability

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown parses text as CommonMark with goldmark, the parser the library
// renders articles with, so that the text scored is the text a person is
// shown. It is safe for concurrent use.
var markdown = goldmark.New().Parser()

// Blocks strips Markdown from text and returns its blocks of plain text:
// each paragraph (its lines joined), heading and list item on its own.
// Links and images keep their text; emphasis, code marks and raw HTML go,
// and so do HTML blocks (the article page leaves them out) and fenced code
// (not prose). YAML front matter at the start (between "---" lines) is
// dropped.
func Blocks(src string) []string {
	source := []byte(stripFrontMatter(strings.ReplaceAll(src, "\r\n", "\n")))
	doc := markdown.Parse(text.NewReader(source))
	var blocks []string
	add := func(b *bytes.Buffer) {
		if s := strings.Join(strings.Fields(b.String()), " "); s != "" {
			blocks = append(blocks, s)
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			// Markdown reads indented lines as code, but in the plain
			// text most callers score they are prose that happens to be
			// indented, and a person still reads them.
			var b bytes.Buffer
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.Write(seg.Value(source))
				b.WriteByte(' ')
			}
			add(&b)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
			var b bytes.Buffer
			inlineText(&b, n, source)
			add(&b)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return blocks
}

// inlineText writes the plain text of n's inline children to b, with
// escapes and character references resolved ("&amp;" is "&", whose ";"
// must not end a sentence) and a space for each line break.
func inlineText(b *bytes.Buffer, n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(plain(c.Value(source)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(plain(c.Value))
		case *ast.AutoLink:
			b.Write(c.Label(source))
		case *ast.RawHTML:
			// A tag is not read; the text around it is.
		default:
			inlineText(b, c, source)
		}
	}
}

// plain resolves backslash escapes and character references.
func plain(v []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}

// stripFrontMatter drops YAML front matter (between "---" lines) from the
// start of s. It is not Markdown, which would read its lines as text.
func stripFrontMatter(s string) string {
	if !strings.HasPrefix(s, "---\n") {
		return s
	}
	end := strings.Index(s[4:], "\n---")
	if end < 0 {
		return s
	}
	rest := s[4+end+4:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		return rest[i+1:]
	}
	return ""
}
