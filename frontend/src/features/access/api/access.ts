import { graphql } from "@/gql";

/** How many sessions and partner clients the page lists (the most a page of the API holds). */
export const ACCESS_PAGE = 100;

export const AccessQuery = graphql(`
  query Access {
    sessions(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges {
        node {
          id
          name
          email
          role
          createdAt
          lastSeenAt
          expiresAt
          userAgent
        }
      }
    }
    partnerClients(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) {
      edges {
        node {
          id
          clientID
          name
          disabled
          lastSeenAt
        }
      }
    }
  }
`);

export const RevokeSessionMutation = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id) {
      id
      endedAt
    }
  }
`);

export const SetPartnerClientDisabledMutation = graphql(`
  mutation SetPartnerClientDisabled($id: ID!, $disabled: Boolean!) {
    setPartnerClientDisabled(id: $id, disabled: $disabled) {
      id
      disabled
    }
  }
`);
