package protocol

import (
	"math"
	"math/bits"
	"slices"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
)

// This file is a test-only solver: given a rule's checked CEL expression
// and the truth value wanted, it finds constraints on the facts (bits that
// must be set or clear, words a one-word answer must or must not be,
// yes/no answers, ranges for numbers) under which the expression has that
// value, by walking the AST as goals. It knows the rule language of
// compile.go, and reads variables through the same reference map, so a new
// rule needs nothing here; a form it does not know becomes a residual, a
// condition checked on the finished facts and met by trying random ones.

// goal is an expression and the value it must take.
type goal struct {
	e    ast.Expr
	want bool
}

// numRange is where a number must lie: lo to hi, each end open or closed,
// and not at any of the points in not.
type numRange struct {
	set            bool
	lo, hi         float64
	loOpen, hiOpen bool
	not            []float64
}

// constraints are what one path through a rule asks of the facts.
type constraints struct {
	must, mustNot [len(Facts{}.lists)]uint64
	boolSet       [numBools]bool
	boolVal       [numBools]bool
	strSet        [numStrs]bool
	strVal        [numStrs]string
	strNot        [numStrs][]string
	nums          [numNums]numRange
	residual      []func(*Facts) bool
}

// clone copies cs so that a branch can change it without changing others.
func (cs constraints) clone() constraints {
	for i := range cs.strNot {
		cs.strNot[i] = slices.Clone(cs.strNot[i])
	}
	for i := range cs.nums {
		cs.nums[i].not = slices.Clone(cs.nums[i].not)
	}
	cs.residual = slices.Clone(cs.residual)
	return cs
}

// solver enumerates the constraints under which goals hold.
type solver struct {
	c     *compiler
	emit  func(constraints) bool // false stops the search
	steps int                    // a bound on the work for one rule
	done  bool
}

// solve extends cs until every goal holds, calling s.emit for each way
// found, depth first.
func (s *solver) solve(goals []goal, cs constraints) {
	if s.done {
		return
	}
	if s.steps++; s.steps > 100000 {
		s.done = true
		return
	}
	if len(goals) == 0 {
		s.done = !s.emit(cs)
		return
	}
	// A count fixes which bits of its words are set; decided last, it can
	// take the bits other goals left free.
	if g := goals[0]; s.isCount(g.e) && slices.ContainsFunc(goals[1:], func(o goal) bool { return !s.isCount(o.e) }) {
		s.solve(append(slices.Clone(goals[1:]), g), cs)
		return
	}
	g, rest := goals[0], goals[1:]
	then := func(cs constraints, more ...goal) { s.solve(append(more, rest...), cs) }
	if v := s.c.variable(g.e); v != nil && v.kind == kindBool {
		if cs.setBool(v.slot, g.want) {
			then(cs)
		}
		return
	}
	if g.e.Kind() == ast.LiteralKind {
		if b, ok := g.e.AsLiteral().(types.Bool); ok {
			if bool(b) == g.want {
				then(cs)
			}
			return
		}
	}
	if g.e.Kind() != ast.CallKind {
		then(s.residual(cs, g))
		return
	}
	call := g.e.AsCall()
	args := call.Args()
	var wv *variable
	var wlit any
	if len(args) == 2 {
		wv, wlit = s.wordCompare(args)
	}
	switch name := call.FunctionName(); {
	case (name == operators.LogicalAnd) == g.want && (name == operators.LogicalAnd || name == operators.LogicalOr):
		// All of an && true, or all of an || false.
		more := make([]goal, len(args))
		for i, a := range args {
			more[i] = goal{a, g.want}
		}
		then(cs, more...)
	case name == operators.LogicalAnd || name == operators.LogicalOr:
		// One of an && false, or one of an || true.
		for _, a := range args {
			then(cs.clone(), goal{a, g.want})
		}
	case name == operators.LogicalNot:
		then(cs, goal{args[0], !g.want})
	case name == operators.In && s.listVar(args[1]) != nil:
		v := s.listVar(args[1])
		w, _ := stringLiteral(args[0])
		if cs.setBit(int(v.list), v.list.Index(w), g.want) {
			then(cs)
		}
	case name == operators.In && s.strVar(args[0]) != nil:
		s.oneOf(g, s.strVar(args[0]), s.c.literalWords(s.strVar(args[0]), args[1]), cs, then)
	case name == fnHasAny:
		slot, mask := s.c.listAndWords(args[0], args[1])
		if !g.want {
			if cs.setMask(slot, 0, mask) {
				then(cs)
			}
			return
		}
		for i := range 64 {
			if b := uint64(1) << i; mask&b != 0 {
				if c2 := cs.clone(); c2.setMask(slot, b, 0) {
					then(c2)
				}
			}
		}
	case (name == operators.Equals || name == operators.NotEquals) && wv != nil:
		want := g.want == (name == operators.Equals)
		if wv.kind == kindBool {
			if cs.setBool(wv.slot, want == wlit.(bool)) {
				then(cs)
			}
			return
		}
		s.oneOf(goal{g.e, want}, wv, []string{wlit.(string)}, cs, then)
	case slices.Contains([]string{operators.Equals, operators.NotEquals, operators.Less,
		operators.LessEquals, operators.Greater, operators.GreaterEquals}, name):
		s.compare(g, name, args[0], args[1], cs, then)
	default:
		then(s.residual(cs, g))
	}
}

// oneOf makes the word variable v one of words (want) or none of them.
func (s *solver) oneOf(g goal, v *variable, words []string, cs constraints, then func(constraints, ...goal)) {
	if !g.want {
		for _, w := range words {
			if !cs.notWord(v, w) {
				return
			}
		}
		then(cs)
		return
	}
	for _, w := range words {
		if c2 := cs.clone(); c2.setWord(v.slot, w) {
			then(c2)
		}
	}
}

// residual is a goal the solver does not understand: checked on the facts.
func (s *solver) residual(cs constraints, g goal) constraints {
	fn, want := s.c.boolean(g.e), g.want
	cs.residual = append(cs.residual, func(f *Facts) bool { return fn(f) == want })
	return cs
}

func (s *solver) listVar(e ast.Expr) *variable {
	if v := s.c.variable(e); v != nil && v.kind == kindList {
		return v
	}
	return nil
}

func (s *solver) strVar(e ast.Expr) *variable {
	if v := s.c.variable(e); v != nil && v.kind == kindString {
		return v
	}
	return nil
}

// wordCompare reads `var == literal` (either way round) for a word or
// yes/no variable, returning the literal as a string or a bool.
func (s *solver) wordCompare(args []ast.Expr) (*variable, any) {
	for _, p := range [][2]ast.Expr{{args[0], args[1]}, {args[1], args[0]}} {
		v := s.c.variable(p[0])
		if v == nil || p[1].Kind() != ast.LiteralKind {
			continue
		}
		switch lit := p[1].AsLiteral().(type) {
		case types.String:
			if v.kind == kindString {
				return v, string(lit)
			}
		case types.Bool:
			if v.kind == kindBool {
				return v, bool(lit)
			}
		}
	}
	return nil, nil
}

// term is one side of a comparison: a number variable, a count of bits in
// a list, or a constant; anything else is other.
type term struct {
	kind       string // "var", "count", "const" or "other"
	v          *variable
	slot       int
	mask       uint64
	k          float64
	whole      bool
	isConstant bool
}

func (s *solver) term(e ast.Expr) term {
	if v := s.c.variable(e); v != nil && v.kind == kindNum {
		return term{kind: "var", v: v, slot: v.slot, whole: v.whole}
	}
	if e.Kind() == ast.LiteralKind || (e.Kind() == ast.CallKind && e.AsCall().FunctionName() == operators.Negate) {
		return term{kind: "const", k: s.c.number(e)(nil), isConstant: true}
	}
	if e.Kind() == ast.CallKind && !e.AsCall().IsMemberFunction() {
		call := e.AsCall()
		switch args := call.Args(); {
		case call.FunctionName() == fnCountOf:
			slot, mask := s.c.listAndWords(args[0], args[1])
			return term{kind: "count", slot: slot, mask: mask}
		case call.FunctionName() == "size" && len(args) == 1 && s.listVar(args[0]) != nil:
			l := s.listVar(args[0]).list
			return term{kind: "count", slot: int(l), mask: math.MaxUint64 >> (64 - len(l.Words()))}
		}
	}
	return term{kind: "other"}
}

func (s *solver) isCount(e ast.Expr) bool {
	if e.Kind() != ast.CallKind {
		return false
	}
	args := e.AsCall().Args()
	return len(args) == 2 && (s.term(args[0]).kind == "count" || s.term(args[1]).kind == "count")
}

// mirrored and negated turn `k op x` into `x op' k`, and `!(x op k)` into
// `x op” k`.
var (
	mirrored = map[string]string{operators.Less: operators.Greater, operators.LessEquals: operators.GreaterEquals,
		operators.Greater: operators.Less, operators.GreaterEquals: operators.LessEquals,
		operators.Equals: operators.Equals, operators.NotEquals: operators.NotEquals}
	negated = map[string]string{operators.Less: operators.GreaterEquals, operators.LessEquals: operators.Greater,
		operators.Greater: operators.LessEquals, operators.GreaterEquals: operators.Less,
		operators.Equals: operators.NotEquals, operators.NotEquals: operators.Equals}
)

// compare solves a comparison of a number or a count with a constant;
// other comparisons are residuals.
func (s *solver) compare(g goal, op string, l, r ast.Expr, cs constraints, then func(constraints, ...goal)) {
	x, y := s.term(l), s.term(r)
	if x.isConstant && !y.isConstant {
		x, y, op = y, x, mirrored[op]
	}
	if !g.want {
		op = negated[op]
	}
	switch {
	case !y.isConstant || x.kind == "other":
		then(s.residual(cs, g))
	case x.isConstant:
		if holds(x.k, op, y.k) {
			then(cs)
		}
	case x.kind == "var":
		if cs.limit(x.slot, op, y.k, x.whole) {
			then(cs)
		}
	case x.kind == "count":
		// Any number of the words from those not already ruled out, tried
		// with the lowest free bits and again with the highest.
		have, free := cs.must[x.slot]&x.mask, x.mask&^cs.must[x.slot]&^cs.mustNot[x.slot]
		for n := bits.OnesCount64(have); n <= bits.OnesCount64(have|free); n++ {
			if !holds(float64(n), op, y.k) {
				continue
			}
			for _, high := range []bool{false, true} {
				pick := pickBits(free, n-bits.OnesCount64(have), high)
				if c2 := cs.clone(); c2.setMask(x.slot, pick, free&^pick) {
					then(c2)
				}
			}
		}
	}
}

// pickBits takes n of the bits of free, lowest first or highest first.
func pickBits(free uint64, n int, high bool) uint64 {
	var out uint64
	for i := 0; i < 64 && n > 0; i++ {
		b := uint64(1) << i
		if high {
			b = uint64(1) << (63 - i)
		}
		if free&b != 0 {
			out |= b
			n--
		}
	}
	return out
}

func holds(a float64, op string, b float64) bool {
	switch op {
	case operators.Less:
		return a < b
	case operators.LessEquals:
		return a <= b
	case operators.Greater:
		return a > b
	case operators.GreaterEquals:
		return a >= b
	case operators.Equals:
		return a == b
	}
	return a != b
}
