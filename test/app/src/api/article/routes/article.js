'use strict';
/** The core REST routes of articles (GET/POST /api/articles, GET/PUT/DELETE /api/articles/:id). */
const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreRouter('api::article.article');
