// Package domain holds unknot's records and its one error vocabulary. It is
// shared by the use cases in app, the stores and the HTTP layer, and imports
// only the standard library.
package domain

import (
	"errors"
	"fmt"
)

// Code classifies an error. The HTTP layer maps each code to a status in one
// table; stores translate their drivers' errors into these codes.
type Code string

// The error codes.
const (
	ENotFound         Code = "not_found"          // the record does not exist (or may not be seen)
	EConflict         Code = "conflict"           // a unique value is taken
	EInvalid          Code = "invalid"            // the caller's input is wrong; Problems say where
	EMalformed        Code = "malformed"          // the request body could not be read at all
	EUnauthorized     Code = "unauthorized"       // no or bad credentials
	EForbidden        Code = "forbidden"          // credentials, but not allowed
	ETooLarge         Code = "too_large"          // the request body is over the limit
	EUnsupportedMedia Code = "unsupported_media"  // the body is not of a type or encoding the route takes
	EMethodNotAllowed Code = "method_not_allowed" // the route exists, but not for this method
	ETooManyRequests  Code = "too_many_requests"  // slow down: sign-in throttling
	EUnavailable      Code = "unavailable"        // a dependency (the database) cannot be reached
	EInternal         Code = "internal"           // anything unexpected: logged, never shown
)

// Problem names one field that could not be accepted.
type Problem struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// Error is the domain error. Message is safe to show to the caller.
type Error struct {
	Code     Code
	Message  string
	Problems []Problem
	// TotalProblems counts the problems found when Problems holds only
	// some of them; zero means Problems is all of them.
	TotalProblems int
	Err           error // the underlying cause, for logs; never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the caller-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Please try again."
}

// Wrap adds the operation's name to *errp, keeping the chain. Use it deferred:
//
//	defer domain.Wrap(&err, "FindAssessmentByID")
//
// Name the operation, never its arguments: errors reach the logs, and a
// record id, an email or a token there is a private link or a person.
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
