package devidp

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// The login page lists Users by merchant; each is a submit button of one
// form, so a test signs in without a browser by posting the form itself:
//
//	POST {issuer}/login  id={authRequestID}&user={e-mail or subject}
//
// authRequestID is the query parameter of the page /authorize redirected to.
// A successful post answers 303 See Other to op's callback, which redirects
// to the client with the code.

var roleLabels = map[string]string{
	"VIEWER":   "Consultation",
	"OPERATOR": "Opérateur",
	"MANAGER":  "Responsable",
	"ADMIN":    "Administrateur",
}

type loginUser struct {
	User
	RoleLabel string
	Hinted    bool
}

type loginMerchant struct {
	Merchant
	Users []loginUser
}

type pageData struct {
	Title     string
	Message   string
	Error     string
	ID        string
	Merchants []loginMerchant
}

func (p *Provider) loginPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("authRequestID")
	a, err := p.storage.pendingAuthRequest(id)
	if err != nil {
		renderExpired(w)
		return
	}
	render(w, http.StatusOK, p.storage.loginData(id, a.loginHint, ""))
}

func (p *Provider) login(w http.ResponseWriter, r *http.Request) {
	id := r.PostFormValue("id")
	err := p.storage.completeLogin(id, r.PostFormValue("user"))
	switch {
	case errors.Is(err, errUnknownUser):
		render(w, http.StatusBadRequest, p.storage.loginData(id, "", "Utilisateur inconnu : choisissez-en un dans la liste."))
		return
	case err != nil:
		renderExpired(w)
		return
	}
	ctx := op.ContextWithIssuer(r.Context(), p.issuer)
	http.Redirect(w, r, op.AuthCallbackURL(p.op)(ctx, id), http.StatusSeeOther)
}

func (s *storage) loginData(id, hint, errMsg string) pageData {
	d := pageData{Title: "Connexion à Guichet", ID: id, Error: errMsg}
	for _, m := range s.merchants {
		lm := loginMerchant{Merchant: m}
		for _, u := range s.userList {
			if u.MerchantAccount == m.Account {
				lm.Users = append(lm.Users, loginUser{
					User:      u,
					RoleLabel: roleLabels[u.Role],
					Hinted:    hint != "" && strings.EqualFold(u.Email, hint),
				})
			}
		}
		d.Merchants = append(d.Merchants, lm)
	}
	return d
}

func loggedOut(w http.ResponseWriter, _ *http.Request) {
	render(w, http.StatusOK, pageData{Title: "Déconnexion", Message: "Vous êtes déconnecté. Vous pouvez fermer cette page."})
}

func renderExpired(w http.ResponseWriter) {
	render(w, http.StatusBadRequest, pageData{
		Title:   "Connexion impossible",
		Message: "Cette demande de connexion est inconnue, déjà utilisée ou expirée. Recommencez depuis l'application.",
	})
}

func render(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = page.Execute(w, d)
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · fournisseur d'identité de développement</title>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #f3f4f6; color: #111827; }
main { max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.dev { color: #92400e; background: #fef3c7; border-radius: .5rem; padding: .5rem .75rem; margin: .75rem 0 1.5rem; }
.error { color: #991b1b; background: #fee2e2; border-radius: .5rem; padding: .5rem .75rem; }
section { background: #fff; border-radius: .75rem; box-shadow: 0 1px 3px rgba(0,0,0,.1); padding: 1rem 1.25rem; margin-bottom: 1.25rem; }
h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
h2 small { color: #6b7280; font-weight: normal; margin-left: .5rem; }
ul { list-style: none; margin: 0; padding: 0; }
li + li { margin-top: .5rem; }
button { width: 100%; display: grid; grid-template-columns: 1fr auto; gap: 0 1rem; text-align: left; font: inherit;
  background: #fff; border: 1px solid #d1d5db; border-radius: .5rem; padding: .6rem .9rem; cursor: pointer; }
button:hover, button:focus { border-color: #2563eb; background: #eff6ff; outline: none; }
button.hinted { border: 2px solid #2563eb; }
.name { font-weight: 600; }
.email { color: #4b5563; font-size: .9rem; grid-column: 1; }
.role { grid-row: 1 / span 2; grid-column: 2; align-self: center; font-size: .85rem; color: #1e3a8a;
  background: #dbeafe; border-radius: 999px; padding: .15rem .6rem; }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{if .Message}}<p>{{.Message}}</p>{{else}}
<p class="dev">Fournisseur d'identité de développement : choisissez un utilisateur, aucun mot de passe n'est demandé.</p>
{{if .Error}}<p class="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="login">
<input type="hidden" name="id" value="{{.ID}}">
{{range .Merchants}}<section>
<h2>{{.Name}}<small>{{.Account}}</small></h2>
<ul>
{{range .Users}}<li><button type="submit" name="user" value="{{.Email}}"{{if .Hinted}} class="hinted" autofocus{{end}}>
<span class="name">{{.Name}}</span><span class="email">{{.Email}}</span><span class="role">{{.RoleLabel}} · {{.Role}}</span>
</button></li>
{{end}}</ul>
</section>
{{end}}</form>
{{end}}
</main>
</body>
</html>
`))
