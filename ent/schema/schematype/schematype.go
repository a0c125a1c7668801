// Package schematype holds Go types stored in JSON columns. It lives apart
// from the schema so that generated code can import it without a cycle.
package schematype

// EmailTemplate is a shop's payment-link message in one language.
type EmailTemplate struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}
