package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"unknot/internal/domain"
	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
	"unknot/internal/testclock"
)

// Under a steady stream of writes the WAL is copied into the database file
// in the background and still starts again from its beginning (it stays
// near the writer's 1,000-page mark instead of growing without end, as it
// did when nothing but the background copied it), the units' statements
// are prepared once and reused, and every row is there after a reopen.
func TestWritesCheckpointedInTheBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), sqlite.FileName)
	db, err := sqlite.Open(path, testclock.Fixed())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	result := []byte(`{"disposition": "self_care", "text": "` + strings.Repeat("x", 3800) + `"}`)
	const writers, each = 8, 500
	var wg sync.WaitGroup
	var maxWAL int64
	var mu sync.Mutex
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("w%d-%04d", w, i)
				err := db.InTx(ctx, func(tx *sqlstore.Tx) error {
					if err := tx.CreateAssessment(ctx, &domain.Assessment{ID: id, Input: []byte(`{"age": 38}`), Result: result,
						Disposition: "self_care", ProtocolID: "unknot-default", ProtocolVersion: "1.0.0", TZ: "UTC"}); err != nil {
						return err
					}
					return tx.AppendAudit(ctx, &domain.AuditEntry{At: tx.Now(), Action: "create", Record: "assessment:" + id})
				})
				if err != nil {
					errs <- err
					return
				}
				if fi, err := os.Stat(path + "-wal"); err == nil {
					mu.Lock()
					maxWAL = max(maxWAL, fi.Size())
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// 4,000 rows of ~4 KB are ~16 MB of pages; a WAL never reused would
	// hold them all (and more: a page is written again at each commit).
	t.Logf("WAL at most %.1f MB; %d statements kept prepared", float64(maxWAL)/1e6, db.CachedStatements())
	if maxWAL > 12<<20 {
		t.Errorf("the WAL grew to %.1f MB: it does not start again once copied", float64(maxWAL)/1e6)
	}
	if db.CachedStatements() < 2 {
		t.Errorf("%d statements kept prepared: the units' inserts are parsed anew each time", db.CachedStatements())
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(path, testclock.Fixed())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for w := range writers {
		if _, err := db.FindAssessmentByID(ctx, fmt.Sprintf("w%d-%04d", w, each-1)); err != nil {
			t.Errorf("writer %d's last row after a reopen: %v", w, err)
		}
	}
}
