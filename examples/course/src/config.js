// Application settings. Some of these values should never be in source code.
module.exports = {
  port: Number(process.env.PORT || 3000),
  database: {
    host: process.env.DB_HOST || 'localhost',
    user: 'shop',
    password: 'Sup3rS3cretDbPassw0rd!',
    database: 'shop',
  },
  stripeKey: 'sk_live_51HqLyjWDarjtT1zdp7dcXoPq2Bvm9Zq4Lk8rT5nQ',
  jwtSecret: process.env.JWT_SECRET,
  labels: {
    password: 'Password:',
    apiKey: 'Your API key',
  },
  adminDefaults: {
    username: 'admin',
    password: 'admin',
  },
};
