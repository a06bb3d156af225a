package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

// A unit that fails having only read (the domain's own "no such record")
// costs its group nothing: the others commit in the same transaction and
// the group is not run again; one that fails after writing makes the
// group run again, a savepoint per unit, and leaves nothing of itself.
func testGroupCommitFailuresThatOnlyRead(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	run := func(name string, fail func(tx *sqlstore.Tx, i int) error) (errs []error, fallbacks int64) {
		fallbacks0 := db.CommitFallbacks()
		release := holdCommitters(t, db, name)
		const n = 20
		errs = make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.InTx(ctx, func(tx *sqlstore.Tx) error {
					if i%2 == 1 {
						return fail(tx, i)
					}
					return tx.CreateAssessment(ctx, assessment(fmt.Sprintf("%s-%d", name, i)))
				})
			}()
		}
		time.Sleep(150 * time.Millisecond)
		release()
		wg.Wait()
		for i := 0; i < n; i += 2 {
			if errs[i] != nil {
				t.Errorf("%s: unit %d beside failing ones: %v", name, i, errs[i])
			}
			if _, err := db.FindAssessmentByID(ctx, fmt.Sprintf("%s-%d", name, i)); err != nil {
				t.Errorf("%s: unit %d not stored: %v", name, i, err)
			}
		}
		return errs, db.CommitFallbacks() - fallbacks0
	}

	errs, fallbacks := run("read", func(tx *sqlstore.Tx, i int) error {
		_, err := tx.FindAssessmentByID(ctx, fmt.Sprintf("missing-%d", i))
		return err
	})
	for i := 1; i < len(errs); i += 2 {
		if domain.ErrorCode(errs[i]) != domain.ENotFound {
			t.Errorf("unit %d that read a missing record: %v, want not found", i, errs[i])
		}
	}
	if fallbacks != 0 {
		t.Errorf("%d groups run again for units that failed having only read; want 0", fallbacks)
	}

	errs, fallbacks = run("write", func(tx *sqlstore.Tx, i int) error {
		if err := tx.CreateAssessment(ctx, assessment(fmt.Sprintf("write-partial-%d", i))); err != nil {
			return err
		}
		return domain.Errorf(domain.EConflict, "this unit changes its mind")
	})
	for i := 1; i < len(errs); i += 2 {
		if domain.ErrorCode(errs[i]) != domain.EConflict {
			t.Errorf("unit %d that wrote, then failed: %v, want its conflict", i, errs[i])
		}
		if _, err := db.FindAssessmentByID(ctx, fmt.Sprintf("write-partial-%d", i)); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("unit %d's write before its failure was kept: %v", i, err)
		}
	}
	if fallbacks == 0 {
		t.Error("no group was run again, a savepoint per unit, though units failed after writing")
	}
}

// Audit entries of units that commit together are all written, once
// each; a unit that reads the audit log sees those of the units before it
// in its group; a unit that fails leaves none of its own.
func testGroupCommitAudits(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	release := holdCommitters(t, db, "audits")
	const n = 30
	seen := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.InTx(ctx, func(tx *sqlstore.Tx) error {
				if err := tx.AppendAudit(ctx, &domain.AuditEntry{At: tx.Now(), Actor: "group-audits", Action: "read", Record: fmt.Sprintf("unit:%d", i)}); err != nil {
					return err
				}
				switch i % 3 {
				case 1: // reads the log: the entries so far, its own included
					list, err := tx.ListAudit(ctx, domain.AuditFilter{Actor: "group-audits", Limit: 1000})
					seen[i] = len(list)
					return err
				case 2:
					_, err := tx.FindAssessmentByID(ctx, "no-such-assessment")
					return err // not found: its entry goes with it
				}
				return nil
			})
		}()
	}
	time.Sleep(150 * time.Millisecond)
	release()
	wg.Wait()
	list, err := db.ListAudit(ctx, domain.AuditFilter{Actor: "group-audits", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range list {
		count[e.Record]++
	}
	for i := range n {
		rec := fmt.Sprintf("unit:%d", i)
		want := 1
		if i%3 == 2 {
			want = 0
			if domain.ErrorCode(errs[i]) != domain.ENotFound {
				t.Errorf("unit %d: %v, want not found", i, errs[i])
			}
		} else if errs[i] != nil {
			t.Errorf("unit %d: %v", i, errs[i])
		}
		if count[rec] != want {
			t.Errorf("%s written %d times, want %d", rec, count[rec], want)
		}
		if i%3 == 1 && seen[i] < 1 {
			t.Errorf("unit %d listed %d entries: not even its own", i, seen[i])
		}
	}
}

// holdCommitters keeps every committer (PostgreSQL has more than one)
// busy with a unit that waits, so that the units started next queue up
// and run as one group; release lets them go and waits for the holding
// units to commit.
func holdCommitters(t *testing.T, db *sqlstore.DB, name string) (release func()) {
	ctx := context.Background()
	gate := make(chan struct{})
	var held sync.WaitGroup
	for i := range 4 {
		held.Add(1)
		go func() {
			defer held.Done()
			if err := db.InTx(ctx, func(tx *sqlstore.Tx) error {
				<-gate
				return tx.CreateAssessment(ctx, assessment(fmt.Sprintf("%s-hold%d", name, i)))
			}); err != nil {
				t.Errorf("holding unit: %v", err)
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	return func() {
		close(gate)
		held.Wait()
	}
}
