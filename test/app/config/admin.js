'use strict';
module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'notifs-test-admin-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'notifs-test-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'notifs-test-transfer-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'notifs-test-encryption-key-32chars!') },
  rateLimit: { enabled: false },
});
