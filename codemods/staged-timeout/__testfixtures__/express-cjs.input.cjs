'use strict';

const { Sequelize } = require('sequelize');
const app = require('./app');

const sequelize = new Sequelize(process.env.DATABASE_URL);

async function main() {
  await sequelize.authenticate();
  await sequelize.sync();
  app.listen(process.env.PORT || 8080);
}

main().then(
  () => console.log('ready'),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
