package protocol

import (
	"math"
	"math/rand/v2"
	"slices"

	"cel.dev/cel-go/common/operators"
)

// The constraints' operations: each adds one condition and reports false
// when it contradicts one already there, and facts builds facts that meet
// them all.

func (cs *constraints) setBool(slot int, v bool) bool {
	if cs.boolSet[slot] && cs.boolVal[slot] != v {
		return false
	}
	cs.boolSet[slot], cs.boolVal[slot] = true, v
	return true
}

// setBit sets (on) or clears bit i of list slot; a word not in the list
// (i < 0) is never there.
func (cs *constraints) setBit(slot, i int, on bool) bool {
	if i < 0 {
		return !on
	}
	if on {
		return cs.setMask(slot, 1<<uint(i), 0)
	}
	return cs.setMask(slot, 0, 1<<uint(i))
}

func (cs *constraints) setMask(slot int, set, clear uint64) bool {
	cs.must[slot] |= set
	cs.mustNot[slot] |= clear
	return cs.must[slot]&cs.mustNot[slot] == 0
}

func (cs *constraints) setWord(slot int, w string) bool {
	if (cs.strSet[slot] && cs.strVal[slot] != w) || slices.Contains(cs.strNot[slot], w) {
		return false
	}
	cs.strSet[slot], cs.strVal[slot] = true, w
	return true
}

// notWord rules out w for v, failing when no answer would be left.
func (cs *constraints) notWord(v *variable, w string) bool {
	if cs.strSet[v.slot] && cs.strVal[v.slot] == w {
		return false
	}
	cs.strNot[v.slot] = append(cs.strNot[v.slot], w)
	_, ok := cs.word(v, 0)
	return ok
}

// word picks an answer for v allowed by cs, the nth of those allowed.
func (cs *constraints) word(v *variable, n int) (string, bool) {
	if cs.strSet[v.slot] {
		return cs.strVal[v.slot], true
	}
	var allowed []string
	for _, w := range append(v.list.Words(), "") {
		if !slices.Contains(cs.strNot[v.slot], w) {
			allowed = append(allowed, w)
		}
	}
	if len(allowed) == 0 {
		return "", false
	}
	return allowed[n%len(allowed)], true
}

// limit narrows number slot by `x op k`; whole numbers move open ends to
// the next whole number in.
func (cs *constraints) limit(slot int, op string, k float64, whole bool) bool {
	r := &cs.nums[slot]
	if !r.set {
		*r = numRange{set: true, lo: math.Inf(-1), hi: math.Inf(1)}
	}
	switch op {
	case operators.Less:
		r.hi, r.hiOpen = minEnd(r.hi, r.hiOpen, k, true)
	case operators.LessEquals:
		r.hi, r.hiOpen = minEnd(r.hi, r.hiOpen, k, false)
	case operators.Greater:
		r.lo, r.loOpen = maxEnd(r.lo, r.loOpen, k, true)
	case operators.GreaterEquals:
		r.lo, r.loOpen = maxEnd(r.lo, r.loOpen, k, false)
	case operators.Equals:
		r.lo, r.loOpen = maxEnd(r.lo, r.loOpen, k, false)
		r.hi, r.hiOpen = minEnd(r.hi, r.hiOpen, k, false)
	default:
		r.not = append(r.not, k)
	}
	if whole {
		r.lo, r.loOpen = wholeEnd(r.lo, r.loOpen, 1), false
		r.hi, r.hiOpen = wholeEnd(r.hi, r.hiOpen, -1), false
	}
	_, ok := r.pick(0, whole, 0)
	return ok
}

func minEnd(hi float64, open bool, k float64, kOpen bool) (float64, bool) {
	if k < hi || (k == hi && kOpen) {
		return k, kOpen
	}
	return hi, open
}

func maxEnd(lo float64, open bool, k float64, kOpen bool) (float64, bool) {
	if k > lo || (k == lo && kOpen) {
		return k, kOpen
	}
	return lo, open
}

// wholeEnd is the whole number nearest to end inside the range, dir +1 for
// a lower end and -1 for an upper one.
func wholeEnd(end float64, open bool, dir float64) float64 {
	if math.IsInf(end, 0) {
		return end
	}
	w := math.Ceil(end)
	if dir < 0 {
		w = math.Floor(end)
	}
	if open && w == end {
		w += dir
	}
	return w
}

// pick chooses a number in r: the low end, the high end or a point between,
// by variant, avoiding the points ruled out; def when r says nothing.
func (r *numRange) pick(variant int, whole bool, def float64) (float64, bool) {
	if !r.set {
		return def, true
	}
	step := 0.25
	if whole {
		step = 1
	}
	lo, hi := r.lo, r.hi
	if r.loOpen {
		lo += step
	}
	if r.hiOpen {
		hi -= step
	}
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		lo, hi = def, def
	case math.IsInf(lo, -1):
		lo = hi - 10
	case math.IsInf(hi, 1):
		hi = lo + 10
	}
	var try []float64
	switch variant % 3 {
	case 0:
		try = []float64{lo, hi}
	case 1:
		try = []float64{hi, lo}
	default:
		mid := lo + (hi-lo)/2
		if whole {
			mid = math.Floor(mid)
		}
		try = []float64{mid, lo, hi}
	}
	for i := 0; i < 8; i++ {
		try = append(try, lo+float64(i)*step)
	}
	for _, v := range try {
		if v >= lo && v <= hi && (v > r.lo || !r.loOpen) && (v < r.hi || !r.hiOpen) && !slices.Contains(r.not, v) {
			return v, true
		}
	}
	return 0, false
}

// facts builds facts that meet cs, starting from base for everything cs
// leaves open; variant moves numbers between the ends of their ranges and
// words among those allowed. It reports false when a residual condition
// does not hold on the result.
func (cs *constraints) facts(base Facts, variant int) (Facts, bool) {
	f := base
	for i := range f.lists {
		f.lists[i] = f.lists[i]&^cs.mustNot[i] | cs.must[i]
	}
	for i := range f.bools {
		if cs.boolSet[i] {
			f.bools[i] = cs.boolVal[i]
		}
	}
	for _, v := range variables {
		switch v.kind {
		case kindString:
			if cs.strSet[v.slot] || slices.Contains(cs.strNot[v.slot], f.strs[v.slot]) {
				w, ok := cs.word(&v, variant)
				if !ok {
					return f, false
				}
				f.strs[v.slot] = w
			}
		case kindNum:
			n, ok := cs.nums[v.slot].pick(variant, v.whole, f.nums[v.slot])
			if !ok {
				return f, false
			}
			f.nums[v.slot] = n
		}
	}
	for _, ok := range cs.residual {
		if !ok(&f) {
			return f, false
		}
	}
	return f, true
}

// randomBase is facts from a random input, for what a rule leaves open.
func randomBase(r *rand.Rand) Facts {
	in := randomInput(r)
	return NewFacts(&in, *in.At)
}
