'use strict';
/** The core REST routes of articles (triggers' HTTP tests; the read-API benchmark's plain route). */
const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreRouter('api::article.article');
