// The Account Updater as the API answers it, for the screens' tests.

const CODES = [
  ["NEW_ACCOUNT_NUMBER", "Nouveau numéro de carte : la carte a été remplacée", "A", "UPDATE", true, false, true],
  ["NEW_EXPIRY_DATE", "Nouvelle date d'expiration : le dossier de facturation a été mis à jour", "E", "EXPIRY", true, false, true],
  ["ACCOUNT_CLOSED", "Compte fermé (carte résiliée, perdue ou volée)", "C", "CONTACT", false, true, true],
  ["CONTACT_CARDHOLDER", "Contacter le titulaire de la carte : l'émetteur ne transmet pas les nouvelles données", "Q", "CONTACH", false, false, true],
  ["NO_MATCH", "Aucune correspondance : l'émetteur n'a pas d'information sur cette carte", "P", "MC_P", false, false, false],
  ["NON_PARTICIPATING", "Émetteur non participant : l'émetteur ne participe pas au service", "N", "MC_N", false, false, false],
] as const;

export const decisionCodes = CODES.map(([code, meaning, visaCode, mastercardCode, updatesCard, disablesProfile, reported]) => ({
  __typename: "UpdaterDecisionInfo" as const,
  code,
  meaning,
  visaCode,
  mastercardCode,
  updatesCard,
  disablesProfile,
  reported,
}));

export const run = (month: string, extra: Record<string, unknown> = {}) => ({
  __typename: "UpdaterRun" as const,
  id: `R${month}`,
  month,
  state: "COMPLETED",
  trigger: "SCHEDULED",
  startedBy: "Account Updater",
  asOf: `${month}-01T00:00:00+01:00`,
  updatedBefore: "2026-05-01T00:00:00+02:00",
  selections: 1,
  selectedAt: `${month}-01T01:00:05Z`,
  completedAt: `${month}-04T01:00:05Z`,
  lastError: null,
  progress: {
    __typename: "UpdaterRunProgress" as const,
    selected: 12,
    pending: 0,
    submitted: 0,
    answered: 12,
    byDecision: CODES.map(([decision], i) => ({ __typename: "UpdaterDecisionCount" as const, decision, count: [3, 2, 1, 0, 6, 0][i]! })),
  },
  csvURL: `/reports/account-updates.csv?month=${month}`,
  htmlURL: `/reports/account-updates.html?month=${month}`,
  ...extra,
});

export const accountUpdater = {
  __typename: "AccountUpdater" as const,
  hour: 2,
  timeZone: "Europe/Zurich",
  currentMonth: "2026-11",
  nextRunMonth: "2026-12",
  nextRunAt: "2026-12-01T01:00:00Z",
  decisionCodes,
};
