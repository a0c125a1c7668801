import { graphql } from "@/gql";

export const UpdaterRunFieldsFragment = graphql(`
  fragment UpdaterRunFields on UpdaterRun {
    id
    month
    state
    trigger
    startedBy
    asOf
    updatedBefore
    selections
    selectedAt
    completedAt
    lastError
    progress {
      selected
      pending
      submitted
      answered
      byDecision {
        decision
        count
      }
    }
    csvURL: reportURL(format: CSV)
    htmlURL: reportURL(format: HTML)
  }
`);

export const DecisionInfoFragment = graphql(`
  fragment DecisionInfo on UpdaterDecisionInfo {
    code
    meaning(language: $language)
    visaCode
    mastercardCode
    updatesCard
    disablesProfile
    reported
  }
`);

export const AccountUpdaterQuery = graphql(`
  query AccountUpdater($language: Language!) {
    accountUpdater {
      hour
      timeZone
      currentMonth
      nextRunMonth
      nextRunAt
      decisionCodes {
        ...DecisionInfo
      }
    }
    updaterRuns(first: 24, orderBy: { field: MONTH, direction: DESC }) {
      edges {
        node {
          ...UpdaterRunFields
        }
      }
    }
  }
`);

export const UpdaterSelectionQuery = graphql(`
  query UpdaterSelection($month: Month!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    previewUpdaterSelection(month: $month) {
      month
      asOf
      updatedBefore
      totalCount
      alreadyQueried
      profiles(first: $first, after: $after, last: $last, before: $before) {
        edges {
          cursor
          node {
            ...BillingProfileRow
          }
        }
      }
    }
  }
`);

export const StartUpdaterRunMutation = graphql(`
  mutation StartUpdaterRun($month: Month!) {
    startUpdaterRun(month: $month) {
      ...UpdaterRunFields
    }
  }
`);

export const UpdaterRunQuery = graphql(`
  query UpdaterRun(
    $month: Month!
    $language: Language!
    $where: UpdaterResultWhereInput
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $withTotal: Boolean!
  ) {
    accountUpdater {
      decisionCodes {
        ...DecisionInfo
      }
    }
    updaterRun(month: $month) {
      ...UpdaterRunFields
      results(first: $first, after: $after, last: $last, before: $before, where: $where) {
        totalCount @include(if: $withTotal)
        edges {
          cursor
          node {
            id
            state
            paymentMethodRef
            billingRef
            cardBrand
            last4Before
            expiryMonthBefore
            expiryYearBefore
            decision
            schemeCode
            last4After
            expiryMonthAfter
            expiryYearAfter
            statusAfter
            answeredAt
            meaning(language: $language)
            billingProfile {
              id
              payer {
                id
                reference
              }
            }
          }
        }
      }
    }
  }
`);
