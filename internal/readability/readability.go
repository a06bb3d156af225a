// Package readability scores English text for how easy it is to read by
// the Flesch–Kincaid grade (REFERENCE §7), which the tests hold every
// patient-facing text to. Markdown is stripped first (markdown.go, with
// the parser the library renders articles with), and each heading and list
// item counts as a sentence of its own, so that short bullet points are
// not glued together into one long sentence.
//
// The package is pure: it takes text and returns numbers.
package readability

// Stats are the counts the formulas are built on.
type Stats struct {
	Words     int `json:"words"`
	Sentences int `json:"sentences"`
	Syllables int `json:"syllables"`
}

// Grade returns the Flesch–Kincaid grade level of text:
// 0.39 × words/sentence + 11.8 × syllables/word − 15.59.
// Text without words scores 0.
func Grade(text string) float64 { return Count(text).Grade() }

// Grade is the Flesch–Kincaid grade for these counts.
func (s Stats) Grade() float64 {
	if s.Words == 0 {
		return 0
	}
	return 0.39*s.wordsPerSentence() + 11.8*s.syllablesPerWord() - 15.59
}

func (s Stats) wordsPerSentence() float64 {
	n := s.Sentences
	if n == 0 {
		n = 1
	}
	return float64(s.Words) / float64(n)
}

func (s Stats) syllablesPerWord() float64 {
	return float64(s.Syllables) / float64(s.Words)
}

// Count strips Markdown from text and counts its words, sentences and
// syllables.
func Count(text string) Stats {
	var st Stats
	for _, block := range Blocks(text) {
		countBlock(block, &st)
	}
	return st
}

// countBlock adds one block of plain text (a paragraph, heading or list item)
// to st. A block always ends a sentence, even without a full stop.
func countBlock(block string, st *Stats) {
	inSentence := false
	rs := []rune(block)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isWordRune(r):
			j := i
			for j < len(rs) && (isWordRune(rs[j]) || isJoiner(rs, j)) {
				j++
			}
			word := string(rs[i:j])
			st.Words++
			st.Syllables += wordSyllables(word)
			inSentence = true
			i = j
		case r == '.' || r == '!' || r == '?' || r == ';':
			if inSentence {
				st.Sentences++
				inSentence = false
			}
			i++
		default:
			i++
		}
	}
	if inSentence {
		st.Sentences++
	}
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r >= 0xC0 && r <= 0x24F
}

// isJoiner reports whether rs[j] joins two parts of one word: the apostrophe
// in "don't", the point in "2.5", the hyphen in "knee-to-chest" is NOT a
// joiner (each part is read as a word).
func isJoiner(rs []rune, j int) bool {
	if j == 0 || j+1 >= len(rs) {
		return false
	}
	prev, next := rs[j-1], rs[j+1]
	switch rs[j] {
	case '\'', '’':
		return isLetter(prev) && isLetter(next)
	case '.', ',':
		return isDigit(prev) && isDigit(next)
	}
	return false
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isDigit(r rune) bool  { return r >= '0' && r <= '9' }

// wordSyllables counts the syllables of one token. A number is read aloud:
// one syllable per digit, up to three, which is close for the small numbers
// health text uses ("48", "15").
func wordSyllables(w string) int {
	digits, letters := 0, 0
	for _, r := range w {
		if isDigit(r) {
			digits++
		} else if isLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		return min(max(digits, 1), 3)
	}
	return Syllables(w)
}
