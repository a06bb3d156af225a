package clinical

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner reads JSON from a byte slice without reflection. It stops at the
// first syntax error and remembers it; every method is a no-op after that,
// so callers check s.bad once at the end of a value. It never panics.
type scanner struct {
	data []byte
	pos  int
	bad  string // the first syntax error, or ""
}

// maxDepth bounds nesting in values that are skipped, so that a hostile body
// cannot exhaust the stack.
const maxDepth = 64

func (s *scanner) fail(what string) {
	if s.bad == "" {
		s.bad = "invalid JSON at byte " + strconv.Itoa(s.pos) + ": " + what
	}
}

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end or after an
// error.
func (s *scanner) peek() byte {
	if s.bad != "" {
		return 0
	}
	s.ws()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

// expect consumes byte c after white space.
func (s *scanner) expect(c byte) bool {
	if s.peek() != c {
		s.fail("expected " + strconv.QuoteRune(rune(c)))
		return false
	}
	s.pos++
	return true
}

// next reports whether an object or array has another member, consuming the
// comma or the closing byte. first is true before the first member.
func (s *scanner) next(first bool, closing byte) bool {
	c := s.peek()
	if c == closing {
		s.pos++
		return false
	}
	if !first {
		if c != ',' {
			s.fail("expected ',' or " + strconv.QuoteRune(rune(closing)))
			return false
		}
		s.pos++
	}
	return s.bad == ""
}

// key reads an object key and its colon.
func (s *scanner) key() []byte {
	if s.peek() != '"' {
		s.fail("expected a quoted field name")
		return nil
	}
	raw, esc := s.rawString()
	if s.bad != "" || !s.expect(':') {
		return nil
	}
	if esc {
		return []byte(unescape(raw))
	}
	return raw
}

// rawString reads a string and returns its bytes between the quotes, and
// whether it holds escapes. It checks the escapes and rejects control bytes.
func (s *scanner) rawString() (raw []byte, escaped bool) {
	s.pos++ // opening quote
	start := s.pos
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			raw = s.data[start:s.pos]
			s.pos++
			return raw, escaped
		case c == '\\':
			escaped = true
			s.pos++
			if s.pos >= len(s.data) {
				s.fail("unfinished escape")
				return nil, false
			}
			switch s.data[s.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos++
			case 'u':
				if s.pos+4 >= len(s.data) || !isHex4(s.data[s.pos+1:s.pos+5]) {
					s.fail("bad \\u escape")
					return nil, false
				}
				s.pos += 5
			default:
				s.fail("bad escape")
				return nil, false
			}
		case c < 0x20:
			s.fail("control character in string")
			return nil, false
		default:
			s.pos++
		}
	}
	s.fail("unfinished string")
	return nil, false
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func hexVal(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c <= '9':
			r |= rune(c - '0')
		case c >= 'a':
			r |= rune(c - 'a' + 10)
		default:
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}

// unescape decodes a string body already checked by rawString. Invalid
// UTF-8 and lone surrogates become U+FFFD, as encoding/json does.
func unescape(raw []byte) string {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			r, n := utf8.DecodeRune(raw[i:])
			out = utf8.AppendRune(out, r)
			i += n
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hexVal(raw[i+1 : i+5])
			i += 4
			if utf16.IsSurrogate(r) {
				if i+6 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' && isHex4(raw[i+3:i+7]) {
					if r2 := utf16.DecodeRune(r, hexVal(raw[i+3:i+7])); r2 != utf8.RuneError {
						r = r2
						i += 6
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default: // '"', '\\', '/'
			out = append(out, raw[i])
		}
		i++
	}
	return string(out)
}

// str reads a string value. Vocabulary words come back as the package's own
// strings, without allocating.
func (s *scanner) str() string {
	raw, esc := s.rawString()
	if s.bad != "" {
		return ""
	}
	if esc {
		return unescape(raw)
	}
	if w, ok := intern[string(raw)]; ok {
		return w
	}
	if !utf8.Valid(raw) {
		return unescape(raw)
	}
	return string(raw)
}

// number reads a JSON number.
func (s *scanner) number() float64 {
	start := s.pos
	d := s.data
	i := s.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	default:
		s.pos = i
		s.fail("bad number")
		return 0
	}
	if i < len(d) && d[i] == '.' {
		i++
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		if i == j {
			s.pos = i
			s.fail("bad number")
			return 0
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		if i == j {
			s.pos = i
			s.fail("bad number")
			return 0
		}
	}
	s.pos = i
	return parseNumber(d[start:i])
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber converts a number that passed the JSON grammar. Short plain
// decimals take an exact fast path (a mantissa below 2^53 scaled by an
// exact power of ten, correctly rounded); the rest go to strconv.
func parseNumber(b []byte) float64 {
	neg := b[0] == '-'
	i := 0
	if neg {
		i++
	}
	var mant uint64
	digits, frac := 0, 0
	seenDot := false
	for ; i < len(b); i++ {
		c := b[i]
		if c == '.' {
			seenDot = true
			continue
		}
		if c < '0' || c > '9' {
			break // an exponent: take the slow path
		}
		mant = mant*10 + uint64(c-'0')
		digits++
		if seenDot {
			frac++
		}
	}
	if i == len(b) && digits <= 15 && frac < len(pow10) {
		f := float64(mant) / pow10[frac]
		if neg {
			f = -f
		}
		return f
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return f // ±Inf on overflow: out of every range
	}
	return f
}

// literal reads true, false or null.
func (s *scanner) literal() (isBool, val bool) {
	rest := s.data[s.pos:]
	switch {
	case hasPrefix(rest, "true"):
		s.pos += 4
		return true, true
	case hasPrefix(rest, "false"):
		s.pos += 5
		return true, false
	case hasPrefix(rest, "null"):
		s.pos += 4
		return false, false
	}
	s.fail("unexpected character")
	return false, false
}

func hasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

// skip reads and discards one value of any kind.
func (s *scanner) skip(depth int) {
	if depth > maxDepth {
		s.fail("nested too deeply")
		return
	}
	switch c := s.peek(); {
	case c == '{':
		s.pos++
		for first := true; s.next(first, '}'); first = false {
			s.key()
			s.skip(depth + 1)
		}
	case c == '[':
		s.pos++
		for first := true; s.next(first, ']'); first = false {
			s.skip(depth + 1)
		}
	case c == '"':
		s.rawString()
	case c == '-' || '0' <= c && c <= '9':
		s.number()
	case c == 't' || c == 'f' || c == 'n':
		s.literal()
	case c == 0 && s.bad == "":
		s.fail("unexpected end of input")
	default:
		s.fail("unexpected character")
	}
}
