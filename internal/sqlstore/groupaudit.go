package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"unknot/internal/domain"
)

// In a group run without savepoints (groupcommit_fast.go) a unit's audit
// entries are not inserted one by one: they are held, and the group
// writes all its units' entries in one INSERT just before its COMMIT, in
// the same transaction as the records they are about. An assessment is
// then one statement instead of two (on PostgreSQL one round trip less
// on the committer's serial path). A unit that fails drops its own; a
// statement that reads or changes the audit log itself (the chart's list,
// an account's pseudonymisation) first writes what is held, so it sees
// every entry before it, as it did.

// pendingAudits are the entries held in one group: kept, of the units
// that succeeded; unit, of the unit running.
type pendingAudits struct {
	kept []*domain.AuditEntry
	unit []*domain.AuditEntry
	// failed is set when writing held entries failed: the group is run
	// again, a savepoint per unit.
	failed bool
	// setup is the group's setup statement, run when first needed
	// (groupcommit_fast.go); nil when there is none.
	setup *lazySetup
}

// keep moves the running unit's entries to those its group writes.
func (p *pendingAudits) keep() {
	p.kept = append(p.kept, p.unit...)
	p.unit = nil
}

// flushFor writes the entries held so far when query touches the audit
// log.
func (b boundTx) flushFor(query string) error {
	if b.audits == nil || len(b.audits.kept)+len(b.audits.unit) == 0 || !strings.Contains(query, "audit_log") {
		return nil
	}
	all := append(b.audits.kept, b.audits.unit...)
	b.audits.kept, b.audits.unit = nil, nil
	b.mark(true)
	err := insertAudits(b.ctx, b.tx, b.stmts, all)
	if err != nil {
		b.audits.failed = true
	}
	return err
}

// auditColumns is one entry's values, in insertAudits' column order.
const auditColumns = 7

// insertAudits writes entries in statements of up to 64 rows.
func insertAudits(ctx context.Context, tx *sql.Tx, stmts *stmtCache, entries []*domain.AuditEntry) error {
	for len(entries) > 0 {
		n := min(len(entries), 64)
		args := make([]any, 0, n*auditColumns)
		for _, e := range entries[:n] {
			args = append(args, e.At.UTC(), e.Actor, e.Action, e.Record, e.Address, e.ClinicID, e.Subject)
		}
		if _, err := execOn(ctx, tx, stmts, auditInserts[n], args...); err != nil {
			return err
		}
		entries = entries[n:]
	}
	return nil
}

// auditInserts[n] is the INSERT of n entries (1 ≤ n ≤ 64).
var auditInserts [65]string

func init() {
	for n := 1; n <= 64; n++ {
		var b strings.Builder
		b.WriteString(`INSERT INTO audit_log (at, actor, action, record, address, clinic_id, subject) VALUES `)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for c := range auditColumns {
				if c > 0 {
					b.WriteString(", ")
				}
				b.WriteString("$" + strconv.Itoa(i*auditColumns+c+1))
			}
			b.WriteByte(')')
		}
		auditInserts[n] = b.String()
	}
}
