const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true });

async function main() {
  await redis.connect();
  await redis.set('boot', String(Date.now()));
}

if (require.main === module) {
  main()
    .then(() => process.exit(0))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
