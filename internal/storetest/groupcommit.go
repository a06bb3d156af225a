package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

// testGroupCommit: units of work that arrive together share transactions,
// yet each keeps its own fate: one that fails, panics or whose caller gave
// up leaves nothing behind, and the others commit.
func testGroupCommit(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	groups0, units0 := db.CommitStats()

	// Hold the committers so that the units below queue up behind them.
	release := holdCommitters(t, db, "g")

	const n = 60
	errs := make([]error, n)
	panics := make([]any, n)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			c := ctx
			if i%10 == 3 {
				c = cancelled
			}
			errs[i] = db.InTx(c, func(tx *sqlstore.Tx) error {
				if err := tx.CreateAssessment(ctx, assessment(fmt.Sprintf("g%d", i))); err != nil {
					return err
				}
				switch i % 10 {
				case 1:
					return errors.New("this unit fails")
				case 2:
					panic("this unit panics")
				case 5:
					// A unit's context ends while it runs: the group goes on.
					short, stop := context.WithCancel(ctx)
					stop()
					return tx.CreateAssessment(short, assessment(fmt.Sprintf("g%d-late", i)))
				}
				return nil
			})
		}()
	}
	time.Sleep(200 * time.Millisecond)
	release()
	wg.Wait()

	for i := range n {
		_, err := db.FindAssessmentByID(ctx, fmt.Sprintf("g%d", i))
		stored := err == nil
		switch i % 10 {
		case 1:
			if errs[i] == nil || errs[i].Error() != "this unit fails" || stored {
				t.Errorf("unit %d failed: err %v, stored %v; want its own error and nothing stored", i, errs[i], stored)
			}
		case 2:
			if panics[i] != "this unit panics" || stored {
				t.Errorf("unit %d panicked: recovered %v, stored %v; want its panic and nothing stored", i, panics[i], stored)
			}
		case 3:
			if !errors.Is(errs[i], context.Canceled) || stored {
				t.Errorf("unit %d cancelled before it ran: err %v, stored %v", i, errs[i], stored)
			}
		default:
			if errs[i] != nil || panics[i] != nil || !stored {
				t.Errorf("unit %d: err %v, panic %v, stored %v; want committed", i, errs[i], panics[i], stored)
			}
		}
	}
	if _, err := db.FindAssessmentByID(ctx, "g5-late"); err != nil {
		t.Errorf("a query whose context had ended, in a group: %v", err)
	}
	groups, units := db.CommitStats()
	groups, units = groups-groups0, units-units0
	t.Logf("%d units in %d transactions", units, groups)
	if units < n*8/10 || groups > units/4 {
		t.Errorf("%d units in %d transactions: the units that queued together were not grouped", units, groups)
	}

	// Alone, a unit behaves as before: its error, nothing stored.
	if err := db.InTx(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.CreateAssessment(ctx, assessment("alone")); err != nil {
			return err
		}
		return tx.CreateAssessment(ctx, assessment("alone"))
	}); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("a unit alone that conflicts = %v; want conflict", err)
	}
	if _, err := db.FindAssessmentByID(ctx, "alone"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("the failed unit's first write was kept: %v", err)
	}
}

func assessment(id string) *domain.Assessment {
	return &domain.Assessment{ID: id, Input: []byte(`{"age": 38}`), Result: []byte(`{"disposition": "self_care"}`),
		Disposition: "self_care", ProtocolID: "unknot-default", ProtocolVersion: "1.0.0", TZ: "UTC"}
}

// BenchUnitsOfWork times the store's hot write: an assessment and its
// audit entry in one unit of work, from 16 goroutines per core at once
// (b.RunParallel), as POST /api/v1/assessments makes them; group commit
// shares their transactions. ns/op is the wall time per unit.
func BenchUnitsOfWork(b *testing.B, db *sqlstore.DB) {
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	groups0, units0 := db.CommitStats()
	b.SetParallelism(8) // 16 on 2 cores, as the load tool's clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := fmt.Sprintf("bench-%d", n.Add(1))
			err := db.InTx(ctx, func(tx *sqlstore.Tx) error {
				if err := tx.CreateAssessment(ctx, assessment(id)); err != nil {
					return err
				}
				return tx.AppendAudit(ctx, &domain.AuditEntry{At: tx.Now(), Action: "create", Record: "assessment:" + id, Address: "127.0.0.1"})
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	groups, units := db.CommitStats()
	if g := groups - groups0; g > 0 {
		b.ReportMetric(float64(units-units0)/float64(g), "units/commit")
	}
}
