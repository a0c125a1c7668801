# Guichet's commands. The two that matter: `make run` and `make test`.

GO        ?= go
NPM       ?= npm
BIN       := bin/guichet
NODE_DEPS := node_modules/.installed

.PHONY: run build frontend generate check-generated test test-go test-frontend test-e2e vet bench bench-live bench-updater bench-links clean

## run: build everything and start Guichet on http://localhost:8080 (SQLite, demo data)
run: build
	./$(BIN)

## build: the SPA, then the Go binary that embeds it
build: frontend
	$(GO) build -o $(BIN) ./server

frontend: $(NODE_DEPS)
	$(NPM) run build
	@touch frontend/dist/.gitkeep

$(NODE_DEPS): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

## generate: regenerate ent, gqlgen and the frontend's GraphQL types
generate: $(NODE_DEPS)
	cd ent && $(GO) run -mod=mod entc.go
	$(GO) run -mod=mod github.com/99designs/gqlgen generate
	$(NPM) run codegen

## check-generated: fail when regenerating changes any file
check-generated: $(NODE_DEPS)
	.ci/check-generated $(MAKE) --no-print-directory generate

## test: the whole suite (vet, generated-code drift, Go on SQLite and PostgreSQL, frontend, HTTP audits, end-to-end)
test: vet check-generated test-go test-frontend test-e2e

vet:
	$(GO) vet ./...

test-go:
	$(GO) test -count=1 ./...

test-frontend: $(NODE_DEPS)
	$(NPM) run typecheck
	$(NPM) run test:unit

## test-e2e: against the built binary: graphql-http audits, graphql-ws conformance, then Playwright in Debian's Chromium
test-e2e: build
	.ci/with-server $(BIN) -- $(NPM) run audit:http
	.ci/with-server $(BIN) -- $(NPM) run test:ws
	.ci/with-server $(BIN) -- $(NPM) run test:e2e

## bench: the journal benchmark on PostgreSQL with 1,000,000 transactions (minutes; see bench/README.md)
bench:
	$(GO) run ./bench/journal

## bench-live: live label changes: two replicas on PostgreSQL, 1,000 subscribers (minutes; see bench/README.md)
bench-live:
	$(GO) run ./bench/live

## bench-updater: the Account Updater benchmark on PostgreSQL with 1,000,000 billing profiles (a minute or two; see bench/README.md)
bench-updater:
	$(GO) run ./bench/updater

## bench-links: one batch of payment links to 1,000 recipients, on SQLite and PostgreSQL (seconds; see bench/README.md)
bench-links:
	$(GO) run ./bench/links

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html
