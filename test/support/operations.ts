/** GraphQL operations the tests send, written once. */
export const DESIGNATE = /* GraphQL */ `
  mutation Designate($input: DesignatePublisherInput!) {
    designatePublisher(input: $input) {
      id
      active
      unit {
        id
        name
      }
      person {
        id
        name
      }
      channels {
        id
      }
      validUntil
    }
  }
`;
export const WITHDRAW_DESIGNATION = /* GraphQL */ `
  mutation Withdraw($id: ID!, $reason: String!) {
    withdrawDesignation(id: $id, reason: $reason) {
      id
      active
      withdrawnAt
      withdrawalReason
    }
  }
`;
export const GRANT = /* GraphQL */ `
  mutation Grant($input: GrantPermissionInput!) {
    grantPermission(input: $input) {
      id
      permission
      active
      validUntil
      designation {
        id
      }
      account {
        login
      }
      unit {
        id
      }
      channel {
        id
      }
    }
  }
`;
export const REVOKE = /* GraphQL */ `
  mutation Revoke($id: ID!, $reason: String!) {
    revokeGrant(id: $id, reason: $reason) {
      id
      active
      revokedAt
      revocationReason
      revokedBy {
        login
      }
    }
  }
`;
export const SUSPEND = /* GraphQL */ `
  mutation Suspend($id: ID!, $reason: String!) {
    suspendAccount(id: $id, reason: $reason) {
      id
      status
      statusReason
    }
  }
`;
export const REACTIVATE = /* GraphQL */ `
  mutation Reactivate($id: ID!, $reason: String!) {
    reactivateAccount(id: $id, reason: $reason) {
      id
      status
    }
  }
`;
export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterAccountInput!) {
    registerAccount(input: $input) {
      id
      login
      status
      person {
        id
        name
      }
    }
  }
`;
export const ISSUE_ORDER = /* GraphQL */ `
  mutation Issue($input: IssueInternalOrderInput!) {
    issueInternalOrder(input: $input) {
      id
      number
      issuedOn
      version
      inForce
      categories {
        name
        preparedBy {
          name
        }
        updatedBy {
          name
        }
        publishedBy {
          name
        }
      }
    }
  }
`;
export const ASSIGN_FUNCTION = /* GraphQL */ `
  mutation Assign($input: AssignFunctionInput!) {
    assignFunction(input: $input) {
      id
      function
      active
      person {
        id
        name
      }
      unit {
        id
      }
    }
  }
`;
const PROPOSAL_FIELDS =
  'id function state confirmableBy basis reason person { id name } proposedBy { name } decidedBy { name } holding { id active }';
export const PROPOSE_FUNCTION = /* GraphQL */ `
  mutation Propose($input: ProposeFunctionInput!) { proposeFunction(input: $input) { ${PROPOSAL_FIELDS} } }
`;
export const CONFIRM_FUNCTION = /* GraphQL */ `
  mutation Confirm($id: ID!) { confirmFunctionProposal(id: $id) { ${PROPOSAL_FIELDS} } }
`;
export const DECLINE_FUNCTION = /* GraphQL */ `
  mutation Decline($id: ID!, $reason: String!) { declineFunctionProposal(id: $id, reason: $reason) { ${PROPOSAL_FIELDS} } }
`;
export const WITHDRAW_FUNCTION_PROPOSAL = /* GraphQL */ `
  mutation WithdrawProposal($id: ID!, $reason: String!) { withdrawFunctionProposal(id: $id, reason: $reason) { ${PROPOSAL_FIELDS} } }
`;
export const CREATE_DOCUMENT = /* GraphQL */ `
  mutation Create($input: CreateDocumentInput!) {
    createDocument(input: $input) {
      id
      status
      slug
      title
      body
    }
  }
`;
export const PUBLISH_DOCUMENT = /* GraphQL */ `
  mutation Publish($id: ID!) {
    publishDocument(id: $id) {
      id
      status
      publishedAt
    }
  }
`;
export const UPDATE_DOCUMENT = /* GraphQL */ `
  mutation Update($id: ID!, $input: UpdateDocumentInput!, $reason: String) {
    updateDocument(id: $id, input: $input, reason: $reason) {
      id
      title
      revision
      tags
      status
    }
  }
`;
export const RESTORE_REVISION = /* GraphQL */ `
  mutation Restore($id: ID!, $number: Int!, $reason: String!) {
    restoreRevision(id: $id, number: $number, reason: $reason) {
      id
      title
      body
      revision
    }
  }
`;
export const UNPUBLISH_DOCUMENT = /* GraphQL */ `
  mutation Unpublish($id: ID!, $reason: String!) {
    unpublishDocument(id: $id, reason: $reason) {
      id
      status
    }
  }
`;
export const ARCHIVE_DOCUMENT = /* GraphQL */ `
  mutation Archive($id: ID!, $reason: String!) {
    archiveDocument(id: $id, reason: $reason) {
      id
      status
    }
  }
`;
export const SCHEDULE_DOCUMENT = /* GraphQL */ `
  mutation Schedule($id: ID!, $publishAt: DateTime, $unpublishAt: DateTime, $reason: String) {
    scheduleDocument(id: $id, publishAt: $publishAt, unpublishAt: $unpublishAt, reason: $reason) {
      id
      status
      scheduledPublishAt
      scheduledUnpublishAt
    }
  }
`;
export const SEARCH = /* GraphQL */ `
  query Search($query: String!, $first: Int, $after: String) {
    search(query: $query, first: $first, after: $after) {
      nodes {
        id
        title
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
