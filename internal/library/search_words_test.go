package library

import (
	"strings"
	"testing"
)

// A search term matches whole words and their starts, not the inside of
// another word: "ice" is not found in an article that only says "advice".
func TestSearchMatchesWords(t *testing.T) {
	if got := wordCount("our clinic's advice", "ice"); got != 0 {
		t.Errorf(`"ice" found %d times in "advice"`, got)
	}
	if got := wordCount("ice packs and ice", "ice"); got != 2 {
		t.Errorf(`"ice" found %d times; want 2`, got)
	}
	if got := wordCount("gentle stretches", "stretch"); got != 1 {
		t.Errorf(`"stretch" found %d times in "stretches"`, got)
	}
	for _, h := range Default().Search("ice") {
		a, ok := Default().Article(h.ID)
		if ok && wordCount(strings.ToLower(a.Title+" "+a.Summary+" "+a.Body), "ice") == 0 {
			t.Errorf("the search for ice finds %q, which has no word ice", a.Title)
		}
	}
}
