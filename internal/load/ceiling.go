package load

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"unknot/internal/clinical"
	"unknot/internal/postgres"
	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
)

// Ceiling is a ceiling's figures.
type Ceiling struct {
	Name     string
	Rate     float64 // per second
	P50, P99 time.Duration
	Count    int
	Errors   int
}

// RawInserts measures what the database itself can write: clients
// goroutines, each inserting an assessment row and an audit row in one
// transaction of their own, on the write pool of a new, migrated store
// opened exactly as unknot opens it (same driver, same pragmas), for d;
// now is the clock the rows are stamped with.
// database is "sqlite" (a file in a temporary folder) or a PostgreSQL URL
// (a schema of its own, dropped after).
func RawInserts(ctx context.Context, database string, clients int, d time.Duration, now func() time.Time) (Ceiling, error) {
	c := Ceiling{Name: "raw inserts (assessment + audit row, one transaction each)"}
	var db *sqlstore.DB
	if database == "sqlite" {
		dir, err := os.MkdirTemp("", "unknot-ceiling")
		if err != nil {
			return c, err
		}
		defer os.RemoveAll(dir)
		if db, err = sqlite.Open(filepath.Join(dir, sqlite.FileName), now); err != nil {
			return c, err
		}
	} else {
		u, drop, err := scratchSchema(ctx, database)
		if err != nil {
			return c, err
		}
		defer drop()
		if db, err = postgres.Open(ctx, u, now); err != nil {
			return c, err
		}
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return c, err
	}
	pool := db.WritePool()
	var mu sync.Mutex
	var lat []time.Duration
	start := time.Now()
	stop := start.Add(d)
	var wg sync.WaitGroup
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			errs := 0
			for i := 0; time.Now().Before(stop); i++ {
				t0 := time.Now()
				if err := insertPair(ctx, pool, fmt.Sprintf("ceil-%d-%d", w, i), now().UTC()); err != nil {
					errs++
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			c.Errors += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	c.Count = len(lat)
	c.Rate = float64(len(lat)) / elapsed.Seconds()
	c.P50, c.P99 = quantile(lat, 0.5), quantile(lat, 0.99)
	return c, nil
}

func insertPair(ctx context.Context, pool *sql.DB, id string, at time.Time) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO assessments
			(id, created_at, input, result, disposition, protocol_id, protocol_version, tz, owner_id, clinic_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)`,
		id, at, AssessmentBody, `{"disposition":"self_care"}`, "self_care", "unknot-default", "2026.2.0", "UTC"); err != nil {
		return err
	}
	var auditID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO audit_log (at, actor, action, record, address, clinic_id, subject)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, at, "", "assessment.create", id, "127.0.0.1", "", "").Scan(&auditID); err != nil {
		return err
	}
	return tx.Commit()
}

// scratchSchema makes a schema of its own in the PostgreSQL at base and
// returns a URL on it and a function that drops it.
func scratchSchema(ctx context.Context, base string) (string, func(), error) {
	schema := fmt.Sprintf("unknot_ceiling_%d_%d", os.Getpid(), rand.Int64N(1e6))
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, err
	}
	drop := func() {
		if c, err := pgx.Connect(context.Background(), base); err == nil {
			_, _ = c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close(context.Background())
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// BareHTTP measures what the HTTP stack can answer: a net/http server on a
// loopback port whose one handler decodes the same assessment JSON with
// the contract's decoder and answers a small JSON object, driven by the
// same vegeta attack (clients workers, flat out) for d.
func BareHTTP(clients int, d time.Duration) (Ceiling, error) {
	c := Ceiling{Name: "bare net/http handler decoding the same JSON"}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return c, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := make([]byte, 0, 512)
		buf := make([]byte, 512)
		for {
			n, err := r.Body.Read(buf)
			body = append(body, buf[:n]...)
			if err != nil {
				break
			}
		}
		if _, err := clinical.Decode(body); err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"x","disposition":"self_care"}`))
	})}
	go srv.Serve(ln)
	defer srv.Close()
	target := vegeta.Target{Method: "POST", URL: "http://" + ln.Addr().String() + "/api/v1/assessments", Body: []byte(AssessmentBody),
		Header: http.Header{"Content-Type": {"application/json"}}}
	res, elapsed := attack(vegeta.NewStaticTargeter(target), clients, 0, d)
	var lat []time.Duration
	for _, r := range res {
		if r.Code != http.StatusCreated {
			c.Errors++
			continue
		}
		lat = append(lat, r.Latency)
	}
	c.Count = len(lat)
	c.Rate = float64(len(lat)) / elapsed.Seconds()
	c.P50, c.P99 = quantile(lat, 0.5), quantile(lat, 0.99)
	return c, nil
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[int(q*float64(len(d)-1))]
}
