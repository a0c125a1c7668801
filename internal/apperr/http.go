package apperr

import (
	"encoding/json"
	"net/http"
)

// HTTPStatus is the status an endpoint other than GraphQL answers a code
// with.
func HTTPStatus(c Code) int {
	switch c {
	case Invalid:
		return http.StatusBadRequest
	case Unauthenticated:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

// WriteHTTP answers a plain HTTP request (a download, say) with e, shaped
// as a GraphQL error so that clients handle it like the API's.
func WriteHTTP(w http.ResponseWriter, e *Error) {
	ext := map[string]any{"code": string(e.Code)}
	if e.Field != "" {
		ext["field"] = e.Field
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(HTTPStatus(e.Code))
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": e.Message, "extensions": ext}}})
}
