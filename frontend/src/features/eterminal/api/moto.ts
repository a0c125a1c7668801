import { graphql } from "@/gql";

export const EnterMotoPaymentMutation = graphql(`
  mutation EnterMotoPayment($input: MotoPaymentInput!) {
    enterMotoPayment(input: $input) {
      replayed
      transaction {
        id
        status
        mode
        amount
        currency
        paymentMethod
        cardLast4
        orderReference
        failureCode
        failureReason
      }
    }
  }
`);
