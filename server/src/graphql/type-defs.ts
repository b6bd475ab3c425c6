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
    seenAt: DateTime
    archivedAt: DateTime
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

  "How many notifications a mutation on many changed."
  type NotifsCountResult {
    count: Int!
  }

  input NotifsNotificationFiltersInput {
    isRead: Boolean
    category: String
    "false unless given: archived notifications are listed only when asked for"
    archived: Boolean
    seen: Boolean
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
    "Deliveries on channels that are not in-app wait until these end (required categories excepted)."
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
    "How many of the caller's notifications are unread (archived ones are not counted)."
    notifsUnreadCount: Int!
    "How many of the caller's notifications are unseen (archived ones are not counted)."
    notifsUnseenCount: Int!
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
    "Marks all of the caller's notifications as seen."
    notifsMarkAllSeen: NotifsCountResult!
    notifsArchive(id: ID!): NotifsNotification!
    notifsUnarchive(id: ID!): NotifsNotification!
    "Archives the caller's read notifications."
    notifsArchiveAllRead: NotifsCountResult!
    "Deletes all of the caller's notifications, archived ones too."
    notifsDeleteAllNotifications: NotifsCountResult!
    "Merges into the caller's preferences: { [category]: { [channel]: true | false | null } } (null: back to the default); quietHours null removes them."
    notifsUpdatePreferences(categories: JSON, quietHours: NotifsQuietHoursInput): NotifsPreferences!
  }
`;
