const Redis = require('ioredis');
const { stage, withTimeout } = require('../lifeguard-runtime.js');

const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true });

async function main() {
  await withTimeout(redis.connect(), 15000, 'redis.connect');
  await withTimeout(redis.set('boot', String(Date.now())), 15000, 'redis.set');
}

if (require.main === module) {
  stage('startup', 30000, () => main())
    .then(() => process.exit(0))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
