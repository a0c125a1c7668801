import { graphql } from "@/gql";

export const TransactionLabelsFragment = graphql(`
  fragment TransactionLabels on Transaction {
    id
    labels {
      id
      name
      color
      description
    }
  }
`);

export const TransactionDetailFragment = graphql(`
  fragment TransactionDetail on Transaction {
    id
    createdAt
    updatedAt
    mode
    status
    amount
    currency
    capturedAmount
    refundedAmount
    paymentMethod
    channel
    eci
    cardLast4
    orderReference
    description
    reconciliation
    processorReference
    failureCode
    failureReason
    authorizedAt
    capturedAt
    shop {
      id
      name
    }
    payer {
      id
      reference
      name
      email
    }
    ...TransactionLabels
  }
`);

export const TransactionQuery = graphql(`
  query Transaction($id: ID!) {
    node(id: $id) {
      __typename
      ... on Transaction {
        ...TransactionDetail
      }
    }
  }
`);

export const AddLabelsMutation = graphql(`
  mutation AddLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {
    addLabels(transactionIds: $transactionIds, labelIds: $labelIds) {
      ...TransactionLabels
    }
  }
`);

export const RemoveLabelsMutation = graphql(`
  mutation RemoveLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {
    removeLabels(transactionIds: $transactionIds, labelIds: $labelIds) {
      ...TransactionLabels
    }
  }
`);
