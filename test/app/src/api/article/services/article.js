'use strict';
/** The core REST services of articles (GET/POST /api/articles, GET/PUT/DELETE /api/articles/:id). */
const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreService('api::article.article');
