package protocol

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
)

// boolFn and numFn are compiled rule parts.
type (
	boolFn func(*Facts) bool
	numFn  func(*Facts) float64
)

// compileWhen parses, type-checks and compiles one rule condition. The
// errors are one line each.
func compileWhen(when string) (boolFn, []string) {
	e, err := env()
	if err != nil {
		return nil, []string{"the rule language failed to start: " + err.Error()}
	}
	checked, iss := e.Compile(when)
	if iss != nil && iss.Err() != nil {
		var msgs []string
		for _, er := range iss.Errors() {
			msgs = append(msgs, fmt.Sprintf("%s (column %d)", er.Message, er.Location.Column()+1))
		}
		return nil, msgs
	}
	if !checked.OutputType().IsExactType(cel.BoolType) {
		return nil, []string{"must be true or false, not " + checked.OutputType().String()}
	}
	c := compiler{a: checked.NativeRep()}
	fn := c.boolean(c.a.Expr())
	return fn, c.errs
}

// compiler turns a checked CEL expression into Go functions. It accepts a
// small subset of CEL, enough for clinical rules and easy to read: &&, ||,
// !, comparisons, `"word" in list`, `word_var in ["a", "b"]`, size(list),
// has_any and count_of. It checks every word against the vocabulary of the
// variable it is compared with, so a misspelt word fails at load.
type compiler struct {
	a    *ast.AST
	errs []string
}

func (c *compiler) fail(format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf(format, args...))
}

// variable returns the rule variable e names, or nil.
func (c *compiler) variable(e ast.Expr) *variable {
	if e.Kind() != ast.IdentKind && e.Kind() != ast.SelectKind {
		return nil
	}
	r, ok := c.a.ReferenceMap()[e.ID()]
	if !ok || r.Name == "" || len(r.OverloadIDs) > 0 {
		return nil
	}
	return variablesByName[r.Name]
}

func falseFn(*Facts) bool { return false }

func (c *compiler) boolean(e ast.Expr) boolFn {
	if v := c.variable(e); v != nil {
		if v.kind != kindBool {
			c.fail("%s is not true or false", v.name)
			return falseFn
		}
		slot := v.slot
		return func(f *Facts) bool { return f.bools[slot] }
	}
	switch e.Kind() {
	case ast.LiteralKind:
		if b, ok := e.AsLiteral().(types.Bool); ok {
			v := bool(b)
			return func(*Facts) bool { return v }
		}
	case ast.CallKind:
		return c.call(e.AsCall())
	}
	c.fail("%s is not supported in unknot rules", describe(e))
	return falseFn
}

func (c *compiler) call(call ast.CallExpr) boolFn {
	args := call.Args()
	name := call.FunctionName()
	if call.IsMemberFunction() {
		c.fail("%s(...) written as a method is not supported in unknot rules", name)
		return falseFn
	}
	switch name {
	case operators.LogicalAnd, operators.LogicalOr:
		var parts []boolFn
		c.flatten(name, call, &parts)
		if name == operators.LogicalAnd {
			return func(f *Facts) bool {
				for _, p := range parts {
					if !p(f) {
						return false
					}
				}
				return true
			}
		}
		return func(f *Facts) bool {
			for _, p := range parts {
				if p(f) {
					return true
				}
			}
			return false
		}
	case operators.LogicalNot:
		inner := c.boolean(args[0])
		return func(f *Facts) bool { return !inner(f) }
	case operators.In:
		return c.in(args[0], args[1])
	case fnHasAny:
		slot, mask := c.listAndWords(args[0], args[1])
		return func(f *Facts) bool { return f.lists[slot]&mask != 0 }
	case operators.Equals, operators.NotEquals:
		eq := c.equals(args[0], args[1])
		if name == operators.NotEquals {
			return func(f *Facts) bool { return !eq(f) }
		}
		return eq
	case operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals:
		return c.compare(name, args[0], args[1])
	}
	c.fail("%s is not supported in unknot rules", opName(name))
	return falseFn
}

// flatten gathers a chain of the same && or || into one list.
func (c *compiler) flatten(op string, call ast.CallExpr, parts *[]boolFn) {
	for _, a := range call.Args() {
		if a.Kind() == ast.CallKind && a.AsCall().FunctionName() == op {
			c.flatten(op, a.AsCall(), parts)
			continue
		}
		*parts = append(*parts, c.boolean(a))
	}
}

// in compiles `"word" in list_var` and `word_var in ["a", "b"]`.
func (c *compiler) in(left, right ast.Expr) boolFn {
	if v := c.variable(right); v != nil && v.kind == kindList {
		w, ok := stringLiteral(left)
		if !ok {
			c.fail("the left of `in %s` must be a quoted word", v.name)
			return falseFn
		}
		i := c.word(v, w)
		slot, bit := int(v.list), uint64(1)<<uint(max(i, 0))
		return func(f *Facts) bool { return f.lists[slot]&bit != 0 }
	}
	if v := c.variable(left); v != nil && v.kind == kindString {
		words := c.literalWords(v, right)
		slot := v.slot
		return func(f *Facts) bool {
			for _, w := range words {
				if f.strs[slot] == w {
					return true
				}
			}
			return false
		}
	}
	c.fail("`in` must be written `\"word\" in list` (for example `\"fever\" in symptoms`) or `sex in [\"male\", \"other\"]`")
	return falseFn
}

// listAndWords compiles the arguments of has_any and count_of: a list
// variable and a list of quoted words from its vocabulary.
func (c *compiler) listAndWords(list, words ast.Expr) (slot int, mask uint64) {
	v := c.variable(list)
	if v == nil || v.kind != kindList {
		c.fail("the first argument of has_any and count_of must be a list such as symptoms")
		return 0, 0
	}
	for _, w := range c.literalWords(v, words) {
		if i := v.list.Index(w); i >= 0 {
			mask |= 1 << uint(i)
		}
	}
	return int(v.list), mask
}

// literalWords reads a list literal of quoted words, each checked against
// v's vocabulary.
func (c *compiler) literalWords(v *variable, e ast.Expr) []string {
	if e.Kind() != ast.ListKind {
		c.fail("words for %s must be a list of quoted words like [\"a\", \"b\"]", v.name)
		return nil
	}
	var words []string
	for _, el := range e.AsList().Elements() {
		w, ok := stringLiteral(el)
		if !ok {
			c.fail("words for %s must be quoted words", v.name)
			continue
		}
		for _, seen := range words {
			if seen == w {
				c.fail("%q is listed twice", w)
			}
		}
		c.word(v, w)
		words = append(words, w)
	}
	if len(words) == 0 {
		c.fail("the list of words for %s is empty", v.name)
	}
	return words
}

// word checks w against v's vocabulary and returns its index.
func (c *compiler) word(v *variable, w string) int {
	i := v.list.Index(w)
	if i < 0 {
		msg := fmt.Sprintf("%q is not a %s word", w, v.name)
		if s := v.list.Suggest(w); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		c.fail("%s", msg)
	}
	return i
}

// equals compiles == between a variable and a literal, or two numbers.
func (c *compiler) equals(l, r ast.Expr) boolFn {
	v, lit := c.variable(l), r
	if v == nil {
		v, lit = c.variable(r), l
	}
	if v != nil && v.kind == kindString {
		w, ok := stringLiteral(lit)
		if !ok {
			c.fail("%s must be compared with a quoted word", v.name)
			return falseFn
		}
		if w != "" {
			c.word(v, w)
		}
		slot := v.slot
		return func(f *Facts) bool { return f.strs[slot] == w }
	}
	if v != nil && v.kind == kindBool {
		b, ok := lit.AsLiteral().(types.Bool)
		if lit.Kind() != ast.LiteralKind || !ok {
			c.fail("%s must be compared with true or false", v.name)
			return falseFn
		}
		slot, want := v.slot, bool(b)
		return func(f *Facts) bool { return f.bools[slot] == want }
	}
	x, y := c.number(l), c.number(r)
	return func(f *Facts) bool { return x(f) == y(f) }
}

func (c *compiler) compare(op string, l, r ast.Expr) boolFn {
	x, y := c.number(l), c.number(r)
	// A number compared with a constant is the common case: one call, not
	// three.
	if r.Kind() == ast.LiteralKind {
		k := y(nil)
		switch op {
		case operators.Less:
			return func(f *Facts) bool { return x(f) < k }
		case operators.LessEquals:
			return func(f *Facts) bool { return x(f) <= k }
		case operators.Greater:
			return func(f *Facts) bool { return x(f) > k }
		default:
			return func(f *Facts) bool { return x(f) >= k }
		}
	}
	switch op {
	case operators.Less:
		return func(f *Facts) bool { return x(f) < y(f) }
	case operators.LessEquals:
		return func(f *Facts) bool { return x(f) <= y(f) }
	case operators.Greater:
		return func(f *Facts) bool { return x(f) > y(f) }
	default:
		return func(f *Facts) bool { return x(f) >= y(f) }
	}
}

func zeroFn(*Facts) float64 { return 0 }

// number compiles a numeric expression: a number variable, a literal,
// size(list) or count_of(list, words).
func (c *compiler) number(e ast.Expr) numFn {
	if v := c.variable(e); v != nil {
		if v.kind != kindNum {
			c.fail("%s is not a number", v.name)
			return zeroFn
		}
		slot := v.slot
		return func(f *Facts) float64 { return f.nums[slot] }
	}
	switch e.Kind() {
	case ast.LiteralKind:
		switch n := e.AsLiteral().(type) {
		case types.Int:
			k := float64(n)
			return func(*Facts) float64 { return k }
		case types.Double:
			k := float64(n)
			return func(*Facts) float64 { return k }
		}
	case ast.CallKind:
		call := e.AsCall()
		args := call.Args()
		switch {
		case call.FunctionName() == operators.Negate && args[0].Kind() == ast.LiteralKind:
			k := -c.number(args[0])(nil)
			return func(*Facts) float64 { return k }
		case call.FunctionName() == fnCountOf && !call.IsMemberFunction():
			slot, mask := c.listAndWords(args[0], args[1])
			return func(f *Facts) float64 { return float64(bits.OnesCount64(f.lists[slot] & mask)) }
		case call.FunctionName() == "size" && !call.IsMemberFunction() && len(args) == 1:
			if v := c.variable(args[0]); v != nil && v.kind == kindList {
				slot := int(v.list)
				return func(f *Facts) float64 { return float64(bits.OnesCount64(f.lists[slot])) }
			}
		}
	}
	c.fail("%s is not supported in unknot rules", describe(e))
	return zeroFn
}

func stringLiteral(e ast.Expr) (string, bool) {
	if e.Kind() != ast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}

// describe names an expression for an error message.
func describe(e ast.Expr) string {
	switch e.Kind() {
	case ast.CallKind:
		return opName(e.AsCall().FunctionName())
	case ast.LiteralKind:
		return "the value " + fmt.Sprint(e.AsLiteral().Value())
	case ast.ListKind:
		return "a list here"
	case ast.MapKind, ast.StructKind:
		return "a map"
	case ast.ComprehensionKind:
		return "a macro"
	case ast.SelectKind:
		return "the field ." + e.AsSelect().FieldName()
	case ast.IdentKind:
		return e.AsIdent()
	}
	return "this expression"
}

// opName turns CEL's internal operator names ("_+_") back into symbols.
func opName(name string) string {
	if name == operators.Conditional {
		return `"? :"`
	}
	if op, ok := operators.FindReverse(name); ok && op != "" {
		return strconv.Quote(op)
	}
	if strings.ContainsAny(name, "_@") && !strings.ContainsAny(strings.Trim(name, "_@"), "_") {
		return strconv.Quote(strings.Trim(name, "_@"))
	}
	return name + "()"
}
