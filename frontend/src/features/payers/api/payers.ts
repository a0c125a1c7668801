import { graphql } from "@/gql";

export const PayersQuery = graphql(`
  query Payers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: PayerWhereInput, $withTotal: Boolean!) {
    payers(
      first: $first
      after: $after
      last: $last
      before: $before
      where: $where
      orderBy: { field: REFERENCE, direction: ASC }
    ) {
      totalCount @include(if: $withTotal)
      edges {
        cursor
        node {
          id
          reference
          name
          email
          createdAt
        }
      }
    }
  }
`);

export const PayerQuery = graphql(`
  query Payer($reference: String!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $withTotal: Boolean!) {
    payer(reference: $reference) {
      id
      reference
      name
      email
      createdAt
      transactions(
        first: $first
        after: $after
        last: $last
        before: $before
        orderBy: { field: CREATED_AT, direction: DESC }
      ) {
        totalCount @include(if: $withTotal)
        edges {
          cursor
          node {
            ...TransactionRow
          }
        }
      }
    }
  }
`);

export const PayerBillingProfilesQuery = graphql(`
  query PayerBillingProfiles($reference: String!) {
    payer(reference: $reference) {
      id
      billingProfiles(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {
        totalCount
        edges {
          node {
            ...BillingProfileRow
          }
        }
      }
    }
  }
`);

export const CreateBillingProfileMutation = graphql(`
  mutation CreateBillingProfile($input: CreateBillingProfileInput!) {
    createBillingProfile(input: $input) {
      ...BillingProfileRow
    }
  }
`);
