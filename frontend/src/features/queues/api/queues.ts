import { graphql } from "@/gql";

/** How many transactions a queue shows; the count covers the rest. */
export const QUEUE_SIZE = 100;

export const QueueQuery = graphql(`
  query Queue($labelId: ID!, $first: Int!) {
    transactions(
      first: $first
      where: { hasLabelsAnyOf: [$labelId] }
      orderBy: { field: CREATED_AT, direction: DESC }
    ) {
      totalCount
      edges {
        node {
          ...LiveTransaction
        }
      }
    }
  }
`);

export const DequeueMutation = graphql(`
  mutation Dequeue($transactionId: ID!, $labelId: ID!) {
    removeLabels(transactionIds: [$transactionId], labelIds: [$labelId]) {
      id
      labels {
        id
        name
        color
        description
      }
    }
  }
`);
