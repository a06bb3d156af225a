package clinical

import (
	"errors"
	"sync"
	"time"
	_ "time/tzdata" // the same zone names are valid on every machine
)

// zones caches loaded time zones: time.LoadLocation reads and parses the
// zone file on every call. Only names that loaded are kept, so the cache is
// bounded by the zone database.
var zones sync.Map // string → *time.Location

var errLocalZone = errors.New(`"Local" is not a time zone name`)

// LoadLocation returns the IANA time zone called name. The empty name and
// "UTC" are UTC; "Local", which means the server's zone, is refused.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	if name == "Local" {
		return nil, errLocalZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}
