package schema

// Modes separate test traffic from real money.
var modes = []string{"TEST", "PRODUCTION"}
