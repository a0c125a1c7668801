import { graphql } from "@/gql";

export const ShopListQuery = graphql(`
  query ShopList {
    shops(first: 100, orderBy: { field: NAME, direction: ASC }) {
      edges {
        node {
          id
          name
          defaultLanguage
          managerEmail
          senderName
          linkValidityDays
          orderReferenceRequired
          missingLinkSettings
        }
      }
    }
  }
`);

export const ShopSettingsFragment = graphql(`
  fragment ShopSettings on Shop {
    id
    name
    updatedAt
    defaultLanguage
    managerEmail
    senderName
    successURL
    failureURL
    cancelURL
    orderReferenceRequired
    linkValidityDays
    confirmationEmailEnabled
    logoURL
    accentColor
    missingLinkSettings
    emailTemplates {
      language
      subject
      body
      custom
    }
  }
`);

export const ShopSettingsQuery = graphql(`
  query ShopSettingsPage($id: ID!) {
    node(id: $id) {
      __typename
      ... on Shop {
        ...ShopSettings
      }
    }
  }
`);

export const UpdateShopMutation = graphql(`
  mutation UpdateShop($id: ID!, $input: UpdateShopInput!, $emailTemplates: [EmailTemplateInput!], $resetEmailTemplates: [Language!]) {
    updateShop(id: $id, input: $input, emailTemplates: $emailTemplates, resetEmailTemplates: $resetEmailTemplates) {
      ...ShopSettings
    }
  }
`);
