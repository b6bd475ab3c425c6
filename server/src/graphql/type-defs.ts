/**
 * The caller's notifications over GraphQL. An `id` argument takes the numeric id or the documentId,
 * as the REST API does; `recipient` and `source` are user ids. Pagination and filters mirror
 * `GET /api/notifs/notifications`.
 */
export const typeDefs = /* GraphQL */ `
  type NotifsNotification {
    id: ID!
    documentId: String!
    recipient: Int
    source: Int
    sourceDisplayName: String
    category: String
    action: String
    obj: JSON
    shortDescription: String
    url: String
    extraData: JSON
    channels: JSON
    isRead: Boolean!
    readAt: DateTime
    createdAt: DateTime
    updatedAt: DateTime
  }

  type NotifsPageInfo {
    page: Int!
    pageSize: Int!
    pageCount: Int!
    total: Int!
  }

  type NotifsNotificationList {
    nodes: [NotifsNotification!]!
    pageInfo: NotifsPageInfo!
  }

  type NotifsReadAllResult {
    count: Int!
  }

  input NotifsNotificationFiltersInput {
    isRead: Boolean
    category: String
  }

  input NotifsPaginationInput {
    page: Int
    pageSize: Int
  }

  type NotifsQuietHours {
    start: String!
    end: String!
    timeZone: String!
  }

  "The caller's notification preferences as they act (config defaults under their own choices)."
  type NotifsPreferences {
    "{ [category]: { [channel]: Boolean } }; a category × channel not listed is on."
    categories: JSON!
    "Stored and checked; not enforced by sends yet."
    quietHours: NotifsQuietHours
    "Categories always on (config preferences.required)."
    required: [String!]!
  }

  input NotifsQuietHoursInput {
    start: String!
    end: String!
    timeZone: String!
  }

  extend type Query {
    "The caller's notifications, newest first (pageSize 100 at most)."
    notifsNotifications(filters: NotifsNotificationFiltersInput, pagination: NotifsPaginationInput): NotifsNotificationList!
    "How many of the caller's notifications are unread."
    notifsUnreadCount: Int!
    "One of the caller's notifications, by id or documentId."
    notifsNotification(id: ID!): NotifsNotification!
    "The caller's notification preferences."
    notifsPreferences: NotifsPreferences!
  }

  extend type Mutation {
    notifsMarkRead(id: ID!): NotifsNotification!
    notifsMarkUnread(id: ID!): NotifsNotification!
    notifsMarkAllRead: NotifsReadAllResult!
    "Deletes one of the caller's notifications (by id or documentId); answers it as it was."
    notifsDeleteNotification(id: ID!): NotifsNotification!
    "Merges into the caller's preferences: { [category]: { [channel]: true | false | null } } (null: back to the default); quietHours null removes them."
    notifsUpdatePreferences(categories: JSON, quietHours: NotifsQuietHoursInput): NotifsPreferences!
  }
`;
