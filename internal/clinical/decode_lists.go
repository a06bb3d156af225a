package clinical

// Lists of vocabulary words: each word once, no more words than the
// vocabulary has, all in one shared slice.

import "strconv"

// list reads a list of words into the shared words slice.
func (d *decoder) list(l List) {
	field := l.Field()
	if d.isNull() {
		return
	}
	if d.s.peek() != '[' {
		d.wrong(field, "must be a list of words")
		return
	}
	d.s.pos++
	if d.words == nil {
		d.words = make([]string, 0, 24)
	}
	sp := span{start: len(d.words), set: true}
	// A list names each word at most once, so a list longer than its
	// vocabulary is refused with one problem, and the rest of it is skipped
	// unread: a million-word list must cost neither storage nor a
	// million-line answer. A word given twice is kept once.
	limit := len(l.Words())
	for i, first := 0, true; d.s.next(first, ']'); i, first = i+1, false {
		if i >= limit {
			if i == limit {
				d.p.add(field, "has more words than the "+strconv.Itoa(limit)+" it can hold")
			}
			d.s.skip(0)
			continue
		}
		if d.s.peek() != '"' {
			d.wrong(indexed(field, i), "must be a word")
			continue
		}
		w := d.s.str()
		if !l.Has(w) {
			d.p.add(indexed(field, i), unknownWord(l, w))
			continue
		}
		if !d.seen(sp.start, w) {
			d.words = append(d.words, w)
		}
	}
	sp.end = len(d.words)
	d.spans[l] = sp
}

// seen reports whether w is already among the words of the list that
// starts at start.
func (d *decoder) seen(start int, w string) bool {
	for _, x := range d.words[start:] {
		if x == w {
			return true
		}
	}
	return false
}

func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// finishLists cuts the shared words slice into the Input's lists. Each list
// is capped, so appending to one cannot overwrite the next.
func (d *decoder) finishLists(in *Input) {
	get := func(l List) []string {
		sp := d.spans[l]
		if !sp.set {
			return nil
		}
		return d.words[sp.start:sp.end:sp.end]
	}
	in.Regions = get(ListRegions)
	in.Radiation = get(ListRadiation)
	in.Symptoms = get(ListSymptoms)
	in.History = get(ListHistory)
	in.SelfCare.Tried = get(ListTried)
	in.Triggers = get(ListTriggers)
}
