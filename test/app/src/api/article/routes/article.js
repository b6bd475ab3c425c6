'use strict';
// A plain core router: the benchmark compares the read API with Strapi's own content API.
const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreRouter('api::article.article');
