import type { Schema, Struct } from '@strapi/strapi';

/*
 * What `strapi ts:generate-types` writes for the content types the README's examples assume: an
 * article with a title, a body and an author (a users-permissions user), plus the user and this
 * plugin's trigger type, trimmed to the attributes the examples read.
 */
export interface ApiArticleArticle extends Struct.CollectionTypeSchema {
  collectionName: 'articles';
  info: { singularName: 'article'; pluralName: 'articles'; displayName: 'Article' };
  options: { draftAndPublish: true };
  attributes: {
    title: Schema.Attribute.String & Schema.Attribute.Required;
    body: Schema.Attribute.Text;
    author: Schema.Attribute.Relation<'manyToOne', 'plugin::users-permissions.user'>;
    createdAt: Schema.Attribute.DateTime;
    updatedAt: Schema.Attribute.DateTime;
    publishedAt: Schema.Attribute.DateTime;
  };
}

export interface PluginUsersPermissionsUser extends Struct.CollectionTypeSchema {
  collectionName: 'up_users';
  info: { singularName: 'user'; pluralName: 'users'; displayName: 'User' };
  options: { draftAndPublish: false };
  attributes: {
    username: Schema.Attribute.String & Schema.Attribute.Required;
    email: Schema.Attribute.Email & Schema.Attribute.Required;
    createdAt: Schema.Attribute.DateTime;
    updatedAt: Schema.Attribute.DateTime;
  };
}

export interface PluginNotifsTrigger extends Struct.CollectionTypeSchema {
  collectionName: 'notifs_triggers';
  info: { singularName: 'trigger'; pluralName: 'triggers'; displayName: 'Notification trigger' };
  options: { draftAndPublish: false };
  attributes: {
    name: Schema.Attribute.String & Schema.Attribute.Required;
    uid: Schema.Attribute.String & Schema.Attribute.Required;
    events: Schema.Attribute.JSON & Schema.Attribute.Required;
    channels: Schema.Attribute.JSON & Schema.Attribute.Required;
    recipientRule: Schema.Attribute.JSON & Schema.Attribute.Required;
    shortDescription: Schema.Attribute.Text;
    url: Schema.Attribute.String;
    category: Schema.Attribute.String;
    action: Schema.Attribute.String;
    condition: Schema.Attribute.JSON;
    enabled: Schema.Attribute.Boolean;
    createdAt: Schema.Attribute.DateTime;
    updatedAt: Schema.Attribute.DateTime;
  };
}

declare module '@strapi/strapi' {
  export module Public {
    export interface ContentTypeSchemas {
      'api::article.article': ApiArticleArticle;
      'plugin::users-permissions.user': PluginUsersPermissionsUser;
      'plugin::notifs.trigger': PluginNotifsTrigger;
    }
  }
}
