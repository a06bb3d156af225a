package triage

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"unknot/content"
	"unknot/internal/clinical"
	"unknot/internal/protocol"
)

// seekHelpArticle is the patient article that lists when to get help.
const seekHelpArticle = "articles/when-to-see-a-professional.md"

// seekHelpSections are its headings, one per disposition.
var seekHelpSections = map[string]clinical.Disposition{
	"Get help now":       clinical.Emergency,
	"See a doctor today": clinical.Urgent,
	"Book to see a physical therapist or doctor": clinical.SeeClinician,
}

var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// plainLine drops Markdown emphasis and links, and spacing, so that a sign
// and its line in the article compare as words.
func plainLine(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, "**", "")
	return strings.Join(strings.Fields(s), " ")
}

// articleLists reads the bullet list under each "## " heading.
func articleLists(t *testing.T) map[string][]string {
	t.Helper()
	b, err := fs.ReadFile(content.Articles, seekHelpArticle)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string][]string{}
	heading := ""
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			heading = strings.TrimPrefix(line, "## ")
		case strings.HasPrefix(line, "- ") && heading != "":
			lists[heading] = append(lists[heading], plainLine(strings.TrimPrefix(line, "- ")))
		}
	}
	return lists
}

// TestSeekHelpArticleMatchesProtocol: the article's "get help now", "today"
// and "book" lists hold exactly the signs of the default protocol's
// emergency, urgent and see_clinician rules, so the article cannot say less
// (or more) than the rules do.
func TestSeekHelpArticleMatchesProtocol(t *testing.T) {
	p := protocol.Default()
	lists := articleLists(t)
	for heading, d := range seekHelpSections {
		got, ok := lists[heading]
		if !ok {
			t.Errorf("the article has no section %q", heading)
			continue
		}
		var want []string
		for _, s := range p.Signs(d) {
			want = append(want, plainLine(s))
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%q lacks the protocol's sign %q", heading, w)
			}
		}
		for _, g := range got {
			if !slices.Contains(want, g) {
				t.Errorf("%q lists %q, which no %s rule has as its sign", heading, g, d)
			}
		}
	}
}

// TestEveryRuleHasASign: every rule above self_care in the default
// protocol has a sign, so that the article lists it.
func TestEveryRuleHasASign(t *testing.T) {
	for _, r := range protocol.Default().Rules {
		if r.Disposition != clinical.SelfCareOnly && r.Sign == "" {
			t.Errorf("rule %s (%s) has no sign", r.ID, r.Disposition)
		}
	}
}
