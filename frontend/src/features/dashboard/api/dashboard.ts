import { graphql } from "@/gql";

/** How many label events the feed shows. */
export const FEED_SIZE = 30;

export const FeedQuery = graphql(`
  query Feed($last: Int!) {
    labelEvents(last: $last, orderBy: { field: SEQ, direction: ASC }) {
      edges {
        cursor
        node {
          ...LabelEventFields
        }
      }
    }
  }
`);

export const DashboardStatsQuery = graphql(`
  query DashboardStats($where: TransactionWhereInput) {
    transactionStats(where: $where, groupBy: [PAYMENT_METHOD, CURRENCY, FAILURE_CODE]) {
      totalCount
      volume {
        amount
        currency
      }
      buckets {
        paymentMethod
        currency
        failureCode
        count
        volume {
          amount
          currency
        }
      }
    }
  }
`);

export const LabelDaysQuery = graphql(`
  query LabelDays($where: TransactionWhereInput) {
    transactionStats(where: $where, groupBy: [DAY]) {
      totalCount
      buckets {
        day
        count
      }
    }
  }
`);
