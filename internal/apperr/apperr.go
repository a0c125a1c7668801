// Package apperr defines Guichet's error codes once. Domain code returns
// *Error values; graph/ maps them to the wire in one place (extensions.code).
package apperr

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error for callers. The values are the wire codes.
type Code string

// Error codes.
const (
	Invalid         Code = "BAD_USER_INPUT"
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	Internal        Code = "INTERNAL"
)

// Error is an error a caller can act on: a code, a message fit for the
// caller, and for bad input the offending field (a path such as
// "input.name" or "transactionIds[2]").
type Error struct {
	Code    Code
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an error with code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidField returns a BAD_USER_INPUT error naming the offending field.
func InvalidField(field, format string, args ...any) *Error {
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of err, Internal when err carries none, and ""
// for a nil error.
func CodeOf(err error) Code {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return Internal
	}
}

// List is several errors of one request, such as every bad recipient of a
// payment link: the API reports each.
type List []*Error

func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// As lets errors.As find the first error's code in a List.
func (l List) As(target any) bool {
	if t, ok := target.(**Error); ok && len(l) > 0 {
		*t = l[0]
		return true
	}
	return false
}
