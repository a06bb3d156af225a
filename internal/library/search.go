package library

import (
	"sort"
	"strings"
)

// Hit is one search result.
type Hit struct {
	// Type is "exercise" or "article".
	Type    string `json:"type"`
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Score   int    `json:"score"`
}

// Search finds exercises and articles that contain the query's words,
// ignoring case. A word in the name or title counts most, then the summary,
// then the body or steps; results are ranked by score, then by title.
func (l *Library) Search(query string) []Hit {
	terms := strings.Fields(strings.ToLower(query))
	if len(terms) == 0 {
		return nil
	}
	var hits []Hit
	add := func(typ, id, title, summary, body string) {
		t, s, b := strings.ToLower(title), strings.ToLower(summary), strings.ToLower(body)
		score := 0
		for _, term := range terms {
			if wordCount(t, term) > 0 {
				score += 10
			}
			if wordCount(s, term) > 0 {
				score += 4
			}
			score += min(wordCount(b, term), 5)
		}
		if score > 0 {
			hits = append(hits, Hit{Type: typ, ID: id, Title: title, Summary: summary, Score: score})
		}
	}
	for _, e := range l.exercises {
		body := strings.Join(e.Steps, " ") + " " + strings.Join(e.Muscles, " ") + " " +
			strings.Join(e.Regions, " ") + " " + string(e.Kind)
		add("exercise", e.ID, e.Name, e.Summary, strings.ReplaceAll(body, "_", " "))
	}
	for _, a := range l.articles {
		add("article", a.ID, a.Title, a.Summary, a.Body)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Title < hits[j].Title
	})
	return hits
}

// SearchExercises returns the exercises that match query, best first.
func (l *Library) SearchExercises(query string) []Exercise {
	out := []Exercise{}
	for _, h := range l.Search(query) {
		if e, ok := l.Exercise(h.ID); ok && h.Type == "exercise" {
			out = append(out, e)
		}
	}
	return out
}

// SearchArticles returns the articles that match query, best first.
func (l *Library) SearchArticles(query string) []Article {
	out := []Article{}
	for _, h := range l.Search(query) {
		if a, ok := l.Article(h.ID); ok && h.Type == "article" {
			out = append(out, a)
		}
	}
	return out
}

// wordCount counts the words of text that begin with term: "ice" finds
// "ice packs" but not the "ice" inside "advice"; "stretch" finds
// "stretches".
func wordCount(text, term string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(text[i:], term)
		if j < 0 {
			return n
		}
		at := i + j
		if at == 0 || !isWordByte(text[at-1]) {
			n++
		}
		i = at + len(term)
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
