import { graphql } from "@/gql";

export const BillingProfilesQuery = graphql(`
  query BillingProfiles(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: BillingProfileWhereInput
    $withTotal: Boolean!
  ) {
    billingProfiles(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: { field: CREATED_AT, direction: DESC }
    ) {
      totalCount @include(if: $withTotal)
      edges {
        cursor
        node {
          ...BillingProfileRow
        }
      }
    }
  }
`);
