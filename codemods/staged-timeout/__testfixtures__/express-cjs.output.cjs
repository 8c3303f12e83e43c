'use strict';

const { Sequelize } = require('sequelize');
const app = require('./app');
const { stage, withTimeout } = require('../lifeguard-runtime.js');

const sequelize = new Sequelize(process.env.DATABASE_URL);

async function main() {
  await withTimeout(sequelize.authenticate(), 15000, 'sequelize.authenticate');
  await withTimeout(sequelize.sync(), 15000, 'sequelize.sync');
  app.listen(process.env.PORT || 8080);
}

stage('startup', 30000, () => main()).then(
  () => console.log('ready'),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
