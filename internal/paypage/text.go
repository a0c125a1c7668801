package paypage

import "github.com/guichet/guichet/internal/i18n"

// text is the words of the payment page in one language.
type text struct {
	Title, Amount, Reference, Description, TestMode             string
	PayByCard, CardNumber, Expiry, Month, Year, CVC, Holder     string
	Pay, OrWallet, Cancel, Secure                               string
	Expired, Canceled, Paid, Unknown, PaidDone, Refused         string
	BadNumber, BadExpiry, CardExpired, BadCVC, BadForm, TooMany string
	Back                                                        string
}

var texts = map[i18n.Language]text{
	i18n.FR: {
		Title: "Paiement", Amount: "Montant", Reference: "Référence", Description: "Description", TestMode: "Mode test : aucun argent ne sera débité.",
		PayByCard: "Payer par carte", CardNumber: "Numéro de carte", Expiry: "Date d'expiration", Month: "Mois (MM)", Year: "Année (AAAA)",
		CVC: "Code de sécurité", Holder: "Titulaire de la carte (facultatif)",
		Pay: "Payer", OrWallet: "Ou payer avec", Cancel: "Annuler et revenir à la boutique", Secure: "Paiement sécurisé. Les données de votre carte ne sont jamais conservées.",
		Expired: "Ce lien de paiement a expiré. Contactez la boutique pour en recevoir un nouveau.", Canceled: "Ce lien de paiement a été annulé par la boutique.",
		Paid: "Ce paiement a déjà été effectué. Merci !", Unknown: "Ce lien de paiement n'existe pas. Vérifiez l'adresse reçue par e-mail.",
		PaidDone: "Votre paiement a été accepté. Merci !", Refused: "Votre paiement a été refusé. Aucun montant n'a été débité.",
		BadNumber: "Vérifiez le numéro de carte.", BadExpiry: "Vérifiez la date d'expiration.", CardExpired: "Cette carte a expiré.", BadCVC: "Vérifiez le code de sécurité.",
		BadForm: "Le formulaire a expiré. Veuillez réessayer.", TooMany: "Trop de tentatives. Veuillez patienter une minute avant de réessayer.", Back: "Retour au paiement",
	},
	i18n.EN: {
		Title: "Payment", Amount: "Amount", Reference: "Reference", Description: "Description", TestMode: "Test mode: no money will be taken.",
		PayByCard: "Pay by card", CardNumber: "Card number", Expiry: "Expiry date", Month: "Month (MM)", Year: "Year (YYYY)",
		CVC: "Security code", Holder: "Cardholder name (optional)",
		Pay: "Pay", OrWallet: "Or pay with", Cancel: "Cancel and return to the shop", Secure: "Secure payment. Your card details are never stored.",
		Expired: "This payment link has expired. Contact the shop for a new one.", Canceled: "This payment link was cancelled by the shop.",
		Paid: "This payment has already been made. Thank you!", Unknown: "This payment link does not exist. Check the address in your e-mail.",
		PaidDone: "Your payment was accepted. Thank you!", Refused: "Your payment was declined. No money was taken.",
		BadNumber: "Check the card number.", BadExpiry: "Check the expiry date.", CardExpired: "This card has expired.", BadCVC: "Check the security code.",
		BadForm: "The form has expired. Please try again.", TooMany: "Too many attempts. Please wait a minute and try again.", Back: "Back to the payment",
	},
	i18n.IT: {
		Title: "Pagamento", Amount: "Importo", Reference: "Riferimento", Description: "Descrizione", TestMode: "Modalità di test: non verrà addebitato alcun importo.",
		PayByCard: "Paga con carta", CardNumber: "Numero della carta", Expiry: "Data di scadenza", Month: "Mese (MM)", Year: "Anno (AAAA)",
		CVC: "Codice di sicurezza", Holder: "Titolare della carta (facoltativo)",
		Pay: "Paga", OrWallet: "Oppure paga con", Cancel: "Annulla e torna al negozio", Secure: "Pagamento sicuro. I dati della carta non vengono mai conservati.",
		Expired: "Questo link di pagamento è scaduto. Contatti il negozio per riceverne uno nuovo.", Canceled: "Questo link di pagamento è stato annullato dal negozio.",
		Paid: "Questo pagamento è già stato effettuato. Grazie!", Unknown: "Questo link di pagamento non esiste. Verifichi l'indirizzo ricevuto via e-mail.",
		PaidDone: "Il pagamento è stato accettato. Grazie!", Refused: "Il pagamento è stato rifiutato. Non è stato addebitato alcun importo.",
		BadNumber: "Verifichi il numero della carta.", BadExpiry: "Verifichi la data di scadenza.", CardExpired: "Questa carta è scaduta.", BadCVC: "Verifichi il codice di sicurezza.",
		BadForm: "Il modulo è scaduto. La preghiamo di riprovare.", TooMany: "Troppi tentativi. Attenda un minuto prima di riprovare.", Back: "Torna al pagamento",
	},
	i18n.PT: {
		Title: "Pagamento", Amount: "Montante", Reference: "Referência", Description: "Descrição", TestMode: "Modo de teste: nenhum montante será cobrado.",
		PayByCard: "Pagar com cartão", CardNumber: "Número do cartão", Expiry: "Data de validade", Month: "Mês (MM)", Year: "Ano (AAAA)",
		CVC: "Código de segurança", Holder: "Titular do cartão (opcional)",
		Pay: "Pagar", OrWallet: "Ou pague com", Cancel: "Cancelar e voltar à loja", Secure: "Pagamento seguro. Os dados do seu cartão nunca são guardados.",
		Expired: "Esta ligação de pagamento expirou. Contacte a loja para receber uma nova.", Canceled: "Esta ligação de pagamento foi cancelada pela loja.",
		Paid: "Este pagamento já foi efetuado. Obrigado!", Unknown: "Esta ligação de pagamento não existe. Verifique o endereço recebido por e-mail.",
		PaidDone: "O seu pagamento foi aceite. Obrigado!", Refused: "O seu pagamento foi recusado. Nenhum montante foi cobrado.",
		BadNumber: "Verifique o número do cartão.", BadExpiry: "Verifique a data de validade.", CardExpired: "Este cartão expirou.", BadCVC: "Verifique o código de segurança.",
		BadForm: "O formulário expirou. Tente novamente.", TooMany: "Demasiadas tentativas. Aguarde um minuto e tente novamente.", Back: "Voltar ao pagamento",
	},
	i18n.DE: {
		Title: "Zahlung", Amount: "Betrag", Reference: "Referenz", Description: "Beschreibung", TestMode: "Testmodus: Es wird kein Geld belastet.",
		PayByCard: "Mit Karte bezahlen", CardNumber: "Kartennummer", Expiry: "Ablaufdatum", Month: "Monat (MM)", Year: "Jahr (JJJJ)",
		CVC: "Sicherheitscode", Holder: "Karteninhaber (optional)",
		Pay: "Bezahlen", OrWallet: "Oder bezahlen mit", Cancel: "Abbrechen und zum Shop zurückkehren", Secure: "Sichere Zahlung. Ihre Kartendaten werden nie gespeichert.",
		Expired: "Dieser Zahlungslink ist abgelaufen. Bitte wenden Sie sich an den Shop, um einen neuen zu erhalten.", Canceled: "Dieser Zahlungslink wurde vom Shop storniert.",
		Paid: "Diese Zahlung wurde bereits geleistet. Vielen Dank!", Unknown: "Diesen Zahlungslink gibt es nicht. Bitte prüfen Sie die Adresse in Ihrer E-Mail.",
		PaidDone: "Ihre Zahlung wurde angenommen. Vielen Dank!", Refused: "Ihre Zahlung wurde abgelehnt. Es wurde nichts belastet.",
		BadNumber: "Bitte prüfen Sie die Kartennummer.", BadExpiry: "Bitte prüfen Sie das Ablaufdatum.", CardExpired: "Diese Karte ist abgelaufen.", BadCVC: "Bitte prüfen Sie den Sicherheitscode.",
		BadForm: "Das Formular ist abgelaufen. Bitte versuchen Sie es erneut.", TooMany: "Zu viele Versuche. Bitte warten Sie eine Minute.", Back: "Zurück zur Zahlung",
	},
	i18n.PL: {
		Title: "Płatność", Amount: "Kwota", Reference: "Numer referencyjny", Description: "Opis", TestMode: "Tryb testowy: żadne pieniądze nie zostaną pobrane.",
		PayByCard: "Zapłać kartą", CardNumber: "Numer karty", Expiry: "Data ważności", Month: "Miesiąc (MM)", Year: "Rok (RRRR)",
		CVC: "Kod bezpieczeństwa", Holder: "Posiadacz karty (opcjonalnie)",
		Pay: "Zapłać", OrWallet: "Lub zapłać przez", Cancel: "Anuluj i wróć do sklepu", Secure: "Bezpieczna płatność. Dane karty nigdy nie są przechowywane.",
		Expired: "Ten link do płatności wygasł. Skontaktuj się ze sklepem, aby otrzymać nowy.", Canceled: "Ten link do płatności został anulowany przez sklep.",
		Paid: "Ta płatność została już dokonana. Dziękujemy!", Unknown: "Ten link do płatności nie istnieje. Sprawdź adres otrzymany w e-mailu.",
		PaidDone: "Płatność została przyjęta. Dziękujemy!", Refused: "Płatność została odrzucona. Żadna kwota nie została pobrana.",
		BadNumber: "Sprawdź numer karty.", BadExpiry: "Sprawdź datę ważności.", CardExpired: "Ta karta straciła ważność.", BadCVC: "Sprawdź kod bezpieczeństwa.",
		BadForm: "Formularz wygasł. Spróbuj ponownie.", TooMany: "Zbyt wiele prób. Odczekaj minutę i spróbuj ponownie.", Back: "Wróć do płatności",
	},
	i18n.NL: {
		Title: "Betaling", Amount: "Bedrag", Reference: "Referentie", Description: "Omschrijving", TestMode: "Testmodus: er wordt geen geld afgeschreven.",
		PayByCard: "Betalen met kaart", CardNumber: "Kaartnummer", Expiry: "Vervaldatum", Month: "Maand (MM)", Year: "Jaar (JJJJ)",
		CVC: "Beveiligingscode", Holder: "Kaarthouder (optioneel)",
		Pay: "Betalen", OrWallet: "Of betaal met", Cancel: "Annuleren en terug naar de winkel", Secure: "Veilig betalen. Uw kaartgegevens worden nooit bewaard.",
		Expired: "Deze betaallink is verlopen. Neem contact op met de winkel voor een nieuwe.", Canceled: "Deze betaallink is door de winkel geannuleerd.",
		Paid: "Deze betaling is al gedaan. Bedankt!", Unknown: "Deze betaallink bestaat niet. Controleer het adres in uw e-mail.",
		PaidDone: "Uw betaling is geaccepteerd. Bedankt!", Refused: "Uw betaling is geweigerd. Er is geen geld afgeschreven.",
		BadNumber: "Controleer het kaartnummer.", BadExpiry: "Controleer de vervaldatum.", CardExpired: "Deze kaart is verlopen.", BadCVC: "Controleer de beveiligingscode.",
		BadForm: "Het formulier is verlopen. Probeer het opnieuw.", TooMany: "Te veel pogingen. Wacht een minuut en probeer het opnieuw.", Back: "Terug naar de betaling",
	},
}
