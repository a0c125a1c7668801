import { graphql } from "@/gql";

export const JournalQuery = graphql(`
  query Journal(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: TransactionWhereInput
    $search: String
    $withTotal: Boolean!
  ) {
    transactions(first: $first, after: $after, last: $last, before: $before, where: $where, search: $search) {
      totalCount @include(if: $withTotal)
      edges {
        cursor
        node {
          ...TransactionRow
        }
      }
    }
  }
`);

export const JournalStatsQuery = graphql(`
  query JournalStats($where: TransactionWhereInput, $search: String) {
    transactionStats(where: $where, search: $search, groupBy: [CURRENCY, PAYMENT_METHOD, FAILURE_CODE]) {
      totalCount
      volume {
        amount
        currency
      }
      buckets {
        currency
        paymentMethod
        failureCode
        count
      }
    }
  }
`);
