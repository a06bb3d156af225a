package app

import (
	"hash/maphash"
	"sync"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/plan"
)

// A stored assessment never changes, so neither does the plan built from
// it: every check-in rebuilt it (plan.Build, about a fifth of a check-in's
// time, inside its unit of work, which group commit runs one after the
// other; docs/PERFORMANCE.md). Plans are kept here by what they are built
// from: the library, the zone and the stored answers and result
// themselves (hashed), so that two databases' records with one id never
// share a plan. Callers only read a cached plan (plan.Adjust takes a copy).

// planCacheSize bounds the cache; when full it starts again empty.
const planCacheSize = 4096

type planKey struct {
	lib  *library.Library
	tz   string
	id   string
	hash uint64
}

type planEntry struct {
	plan *plan.Plan
	err  error
}

var plans = struct {
	sync.Mutex
	seed maphash.Seed
	m    map[planKey]planEntry
}{seed: maphash.MakeSeed(), m: map[planKey]planEntry{}}

// cachedPlan returns the plan of rec, built once.
func cachedPlan(lib *library.Library, rec *domain.Assessment, in clinical.Input, res clinical.Result, loc *time.Location) (*plan.Plan, error) {
	var h maphash.Hash
	h.SetSeed(plans.seed)
	h.Write(rec.Input)
	h.WriteByte(0)
	h.Write(rec.Result)
	k := planKey{lib: lib, tz: loc.String(), id: rec.ID, hash: h.Sum64()}
	plans.Lock()
	e, ok := plans.m[k]
	plans.Unlock()
	if ok {
		return e.plan, e.err
	}
	p, err := plan.Build(in, res, lib, loc)
	if err == nil {
		e = planEntry{plan: &p}
	} else {
		e = planEntry{err: err}
	}
	plans.Lock()
	if len(plans.m) >= planCacheSize {
		clear(plans.m)
	}
	plans.m[k] = e
	plans.Unlock()
	return e.plan, e.err
}
