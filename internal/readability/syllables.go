package readability

import "strings"

// exceptions holds common words the rules below get wrong.
var exceptions = map[string]int{
	"area": 3, "areas": 3, "idea": 3, "ideas": 3, "create": 2, "created": 3,
	"diet": 2, "quiet": 2, "science": 2, "poem": 2, "lion": 2, "being": 2,
	"every": 2, "everyone": 3, "everything": 3, "everyday": 3, "different": 3,
	"business": 2, "evening": 2, "family": 3, "several": 3, "interest": 3,
	"people": 2, "whole": 1, "once": 1, "one": 1, "some": 1, "come": 1,
	"done": 1, "gone": 1, "none": 1, "give": 1, "live": 1, "have": 1,
	"move": 1, "movement": 2, "movements": 2, "wednesday": 2, "real": 1,
	"really": 2, "fluid": 2, "fluids": 2, "ruin": 2, "video": 3, "radio": 3,
	"via": 2, "piano": 3, "towel": 2, "towels": 2, "fuel": 2, "cruel": 2,
	"naive": 2, "ageing": 2, "aging": 2, "physio": 3, "physiotherapy": 6,
	"therapy": 3, "therapies": 3, "therapist": 3, "therapists": 3,
	"lipoma": 3, "lipomas": 3, "sciatica": 4, "piriformis": 4, "iliac": 3,
	"iliopsoas": 5, "sacroiliac": 5, "quadratus": 3, "lumborum": 3,
	"gluteus": 3, "medius": 3, "minimus": 3, "erector": 3, "spinae": 3,
	"multifidus": 4, "abdominis": 4, "rectus": 2, "myofascial": 4,
	"anaesthetic": 4, "anesthetic": 4, "everybody": 4, "toward": 2,
	"towards": 2, "hours": 1, "hour": 1, "our": 1, "fire": 1, "tired": 1,
	"user": 2, "users": 2, "mcgill": 2, "nhs": 3, "acsm": 4, "nice": 1,
	"cues": 1, "queue": 1, "ease": 1, "eases": 2, "eased": 1, "cause": 1,
	"causes": 2, "caused": 1, "else": 1, "squeeze": 1, "breathe": 1,
	"breathes": 1, "breathed": 1, "clothes": 1, "themselves": 2,
	"yourself": 2, "yourselves": 2, "unusual": 4, "usual": 3, "usually": 4,
	"actually": 4, "gradually": 4, "individual": 5, "situation": 4,
	"behaviour": 3, "behavior": 3, "period": 3, "periods": 3, "serious": 3,
	"various":   3,
	"something": 2, "sometimes": 2, "someone": 2, "somewhere": 2,
	"realise": 3, "realize": 3, "react": 2, "reaction": 3, "obvious": 3, "previous": 3, "curious": 3,
}

// Syllables estimates the number of syllables in one English word. It counts
// groups of vowels and then corrects for silent endings ("-e", "-ed", "-es")
// and for vowel pairs that are read as two ("-ia", "-io" not in "-tion").
// It is right for most common words and off by one for some.
func Syllables(word string) int {
	w := strings.ToLower(strings.Trim(word, "'’"))
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	w = keepLetters(w)
	if w == "" {
		return 0
	}
	if n, ok := exceptions[w]; ok {
		return n
	}
	if len(w) <= 3 {
		return 1
	}
	n := vowelGroups(w)
	n -= silentEndings(w)
	n += splitPairs(w)
	if n < 1 {
		n = 1
	}
	return n
}

func keepLetters(w string) string {
	var b strings.Builder
	for _, r := range w {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isVowel(w string, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	case 'y':
		// A leading y is a consonant ("yes"); elsewhere a vowel ("gym").
		return i > 0
	}
	return false
}

func vowelGroups(w string) int {
	n, in := 0, false
	for i := range len(w) {
		v := isVowel(w, i)
		if v && !in {
			n++
		}
		in = v
	}
	return n
}

// silentEndings counts vowel groups at the end of w that are not spoken.
func silentEndings(w string) int {
	l := len(w)
	cons := func(i int) bool { return i >= 0 && !isVowel(w, i) }
	switch {
	case strings.HasSuffix(w, "e"):
		// "make" but not "table" (consonant + le), "free", "the".
		if cons(l-2) && !(w[l-2] == 'l' && cons(l-3)) {
			return 1
		}
	case strings.HasSuffix(w, "ed"):
		// "jumped" but not "wanted", "needed", "tried", "settled".
		if cons(l-3) && w[l-3] != 't' && w[l-3] != 'd' && !(w[l-3] == 'l' && cons(l-4)) {
			return 1
		}
	case strings.HasSuffix(w, "es"):
		// "takes" but not "boxes", "pushes", "places", "muscles".
		c := w[l-3]
		if cons(l-3) && !strings.ContainsRune("sxzhcg", rune(c)) &&
			!(c == 'l' && cons(l-4)) {
			return 1
		}
	default:
		// "safely", "placement", "careful": a silent e inside the word,
		// after a vowel and a consonant.
		for _, suf := range []string{"ely", "ement", "eful", "eless", "eness"} {
			if i := l - len(suf); strings.HasSuffix(w, suf) && i >= 2 && cons(i-1) && !cons(i-2) {
				return 1
			}
		}
	}
	return 0
}

// splitPairs counts vowel pairs that are spoken as two syllables.
func splitPairs(w string) int {
	n := 0
	for _, p := range []string{"ia", "io", "iu", "eo", "ua", "uo", "ii"} {
		for i := strings.Index(w, p); i >= 0; {
			if !readAsOne(w, i, p) {
				n++
			}
			next := strings.Index(w[i+1:], p)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	// "doing", "going", "seeing": a vowel before -ing starts a new syllable.
	if l := len(w); l > 4 && strings.HasSuffix(w, "ing") && isVowel(w, l-4) {
		n++
	}
	// "spasm", "prism": the m is a syllable of its own.
	if strings.HasSuffix(w, "sm") {
		n++
	}
	return n
}

// readAsOne reports whether the pair p at w[i:] is read as one sound:
// "-tion", "-sion", "-cial", "-cious", "-gion", "quiet" (u after q).
func readAsOne(w string, i int, p string) bool {
	if i > 0 && strings.ContainsRune("tscgx", rune(w[i-1])) && p[0] == 'i' {
		return true
	}
	if p[0] == 'u' && i > 0 && (w[i-1] == 'q' || w[i-1] == 'g') {
		return true
	}
	if p == "eo" && i > 0 && (w[i-1] == 'g' || w[i-1] == 'c') {
		return true // "pigeon", "ocean"
	}
	return false
}
