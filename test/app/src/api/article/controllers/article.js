'use strict';
/** The core REST controllers of articles (GET/POST /api/articles, GET/PUT/DELETE /api/articles/:id). */
const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::article.article');
