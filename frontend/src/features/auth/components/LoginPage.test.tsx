import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import LoginPage from "./LoginPage";

const show = (url: string) => renderWithApp(<LoginPage />, { client: mockClient({}), url });

afterEach(() => sessionStorage.clear());

describe("LoginPage", () => {
  it("logs in through the server, back to the page asked for", () => {
    show("/login?returnTo=%2Fjournal%3Fstatus%3DFAILED");
    expect(screen.getByRole("heading", { name: "Guichet" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Se connecter" })).toHaveAttribute(
      "href",
      "/auth/login?returnTo=%2Fjournal%3Fstatus%3DFAILED",
    );
    expect(screen.getByText("Connectez-vous pour continuer.")).toBeInTheDocument();
  });

  it("never sends the browser to another site after login", () => {
    show("/login?returnTo=https%3A%2F%2Fevil.example%2F");
    expect(screen.getByRole("link", { name: "Se connecter" })).toHaveAttribute("href", "/auth/login?returnTo=%2F");
  });

  it("explains a known login failure", () => {
    show("/login?error=no_role");
    expect(screen.getByText("Connexion impossible")).toBeInTheDocument();
    expect(
      screen.getByText("Ce compte n'a aucun rôle dans Guichet. Demandez un accès à votre administrateur."),
    ).toBeInTheDocument();
  });

  it("quotes the code of an unknown failure, and nothing else", () => {
    show("/login?error=temporarily_unavailable");
    expect(
      screen.getByText("La connexion a échoué (code : temporarily_unavailable). Réessayez ou contactez votre administrateur."),
    ).toBeInTheDocument();
  });

  it("does not echo text that is not a code", () => {
    show(`/login?error=${encodeURIComponent("Appelez le 0900 000 000 <b>now</b>")}`);
    expect(
      screen.getByText("La connexion a échoué (code : ?). Réessayez ou contactez votre administrateur."),
    ).toBeInTheDocument();
  });

  it("says the person is logged out, once", () => {
    sessionStorage.setItem("guichet.loggedOut", "1");
    const { unmount } = show("/login");
    expect(screen.getByText("Vous êtes déconnecté(e).")).toBeInTheDocument();
    unmount();
    show("/login");
    expect(screen.queryByText("Vous êtes déconnecté(e).")).not.toBeInTheDocument();
  });
});
