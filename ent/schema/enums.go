package schema

// Languages a shop, a payment link or an e-mail can use.
var languages = []string{"FR", "EN", "IT", "PT", "DE", "PL", "NL"}

// Modes separate test traffic from real money.
var modes = []string{"TEST", "PRODUCTION"}
