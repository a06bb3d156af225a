package readability

import (
	"regexp"
	"strings"
)

var (
	linkRE     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	listRE     = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+`)
	headingRE  = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)
	emphasisRE = regexp.MustCompile("[*_`]+")
	htmlTagRE  = regexp.MustCompile(`<[^>]+>`)
)

// Blocks strips Markdown from text and returns its blocks of plain text:
// paragraphs (lines joined), and each heading and list item on its own.
// YAML front matter at the start (between "---" lines) is dropped, and so is
// fenced code.
func Blocks(text string) []string {
	text = stripFrontMatter(strings.ReplaceAll(text, "\r\n", "\n"))
	var blocks []string
	var para []string
	flush := func() {
		if len(para) > 0 {
			blocks = append(blocks, strings.Join(para, " "))
			para = para[:0]
		}
	}
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			fenced = !fenced
			flush()
			continue
		}
		if fenced {
			continue
		}
		switch {
		case trimmed == "" || isRule(trimmed):
			flush()
		case headingRE.MatchString(line) || listRE.MatchString(line):
			flush()
			line = headingRE.ReplaceAllString(line, "")
			line = listRE.ReplaceAllString(line, "")
			blocks = append(blocks, inline(line))
		default:
			trimmed = strings.TrimLeft(trimmed, "> ")
			para = append(para, inline(trimmed))
		}
	}
	flush()
	return blocks
}

// inline removes inline Markdown: links keep their text, emphasis and code
// marks and HTML tags go.
func inline(s string) string {
	s = linkRE.ReplaceAllString(s, "$1")
	s = htmlTagRE.ReplaceAllString(s, "")
	s = emphasisRE.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

func isRule(s string) bool {
	if len(s) < 3 {
		return false
	}
	return strings.Trim(s, "-") == "" || strings.Trim(s, "*") == "" || strings.Trim(s, "_") == ""
}

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
