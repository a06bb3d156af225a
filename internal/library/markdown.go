package library

import (
	"html"
	"regexp"
	"strings"
)

// MarkdownHTML converts the small Markdown subset the articles use into
// HTML: headings (## and ###; # becomes h2, since the page owns h1),
// paragraphs, bulleted and numbered lists, **bold**, *italic* and
// [links](https://…). Everything else is escaped, and a link is kept only if
// it is http(s), or a path on this site; otherwise its text stays and the
// link goes. The output never carries raw HTML from the source.
func MarkdownHTML(md string) string {
	var b strings.Builder
	var para []string
	list := "" // "ul", "ol" or ""
	flushPara := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inlineHTML(strings.Join(para, " ")) + "</p>\n")
			para = para[:0]
		}
	}
	closeList := func() {
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			flushPara()
			closeList()
			continue
		}
		if level, text, ok := heading(t); ok {
			flushPara()
			closeList()
			b.WriteString("<h" + level + ">" + inlineHTML(text) + "</h" + level + ">\n")
			continue
		}
		if kind, text, ok := listItem(t); ok {
			flushPara()
			if list != kind {
				closeList()
				b.WriteString("<" + kind + ">\n")
				list = kind
			}
			b.WriteString("<li>" + inlineHTML(text) + "</li>\n")
			continue
		}
		if list != "" {
			closeList()
		}
		para = append(para, t)
	}
	flushPara()
	closeList()
	return b.String()
}

func heading(t string) (level, text string, ok bool) {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n >= len(t) || t[n] != ' ' {
		return "", "", false
	}
	level = string(rune('0' + min(max(n, 2), 4)))
	return level, strings.TrimSpace(t[n:]), true
}

var orderedRE = regexp.MustCompile(`^\d+[.)] `)

func listItem(t string) (kind, text string, ok bool) {
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") {
		return "ul", strings.TrimSpace(t[2:]), true
	}
	if loc := orderedRE.FindStringIndex(t); loc != nil {
		return "ol", strings.TrimSpace(t[loc[1]:]), true
	}
	return "", "", false
}

var (
	linkMD   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	boldMD   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	italicMD = regexp.MustCompile(`(^|[^\w*])[*_]([^*_]+)[*_]($|[^\w*])`)
)

// inlineHTML escapes text, then turns the inline marks back into tags. The
// marks use only characters that escaping leaves alone.
func inlineHTML(s string) string {
	s = html.EscapeString(s)
	s = linkMD.ReplaceAllStringFunc(s, func(m string) string {
		parts := linkMD.FindStringSubmatch(m)
		text, href := parts[1], html.UnescapeString(parts[2])
		if !safeHref(href) {
			return text
		}
		return `<a href="` + html.EscapeString(href) + `">` + text + `</a>`
	})
	s = boldMD.ReplaceAllString(s, "<strong>$1</strong>")
	s = italicMD.ReplaceAllString(s, "$1<em>$2</em>$3")
	return s
}

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
