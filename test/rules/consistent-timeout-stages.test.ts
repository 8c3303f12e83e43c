import rule from '../../rules/consistent-timeout-stages.js';
import { espreeCommonJS, espreeModule, ruleTester } from '../rule-tester.js';

ruleTester.run('consistent-timeout-stages', rule, {
  valid: [
    // A step budget smaller than its stage.
    {
      code: `
import { stage, withTimeout } from 'eslint-plugin-lifeguard/runtime';

await stage('data-layer', 20000, async () => {
  await withTimeout(db.connect(), 5000, 'db.connect');
});`,
    },
    // Numeric separators.
    {
      code: `
await stage('data-layer', 20_000, async () => {
  await withTimeout(db.connect(), 5_000, 'db.connect');
  await withTimeout(cache.connect(), 2_000, 'cache.connect');
});`,
    },
    // Same-module const bindings.
    {
      code: `
const DATA_LAYER_MS = 20_000;
const DB_CONNECT_MS = 5_000;

export async function bootstrap() {
  await stage('data-layer', DATA_LAYER_MS, async () => {
    await withTimeout(db.connect(), DB_CONNECT_MS, 'db.connect');
  });
}`,
    },
    // Simple products.
    {
      code: `
await stage('startup', 60 * 1000, async () => {
  await withTimeout(broker.connect(), 15 * 1000, 'broker.connect');
});`,
    },
    // A const object of budgets.
    {
      code: `
const TIMEOUTS = { dataLayer: 20_000, db: 5_000 } as const;

await stage('data-layer', TIMEOUTS.dataLayer, async () => {
  await withTimeout(db.connect(), TIMEOUTS.db, 'db.connect');
});`,
    },
    // Budgets from the environment are not known statically.
    {
      code: `
await stage('data-layer', Number(process.env.DATA_LAYER_MS), async () => {
  await withTimeout(db.connect(), config.dbTimeoutMs, 'db.connect');
});`,
    },
    // Sequential steps may add up to more than the stage: each is smaller.
    {
      code: `
await stage('data-layer', 20_000, async () => {
  await withTimeout(db.connect(), 15_000, 'db.connect');
  await withTimeout(db.migrate(), 15_000, 'db.migrate');
});`,
    },
    // A handler registered inside a stage runs later, outside it.
    {
      code: `
await stage('http', 5000, async () => {
  app.get('/report', async (req, res) => {
    res.json(await withTimeout(reports.build(), 30_000, 'reports.build'));
  });
  await withTimeout(app.listen({ port: 3000 }), 2000, 'listen');
});`,
    },
    // Three levels that shrink.
    {
      code: `
await stage('startup', 60_000, async () => {
  await stage('data-layer', 20_000, async () => {
    await withTimeout(db.connect(), 5_000, 'db.connect');
  });
});`,
    },
    // p-timeout options inside a stage.
    {
      code: `
import pTimeout from 'p-timeout';

await stage('cache', 5000, async () => {
  await pTimeout(redis.connect(), { milliseconds: 2000 });
});`,
    },
    // A deadline smaller than its stage.
    {
      code: `
await stage('wait-for-kafka', 30_000, async () => {
  const d = deadline(20_000, 'kafka ready');
  while (!(await kafkaReady())) {
    d.check();
    await sleep(500);
  }
});`,
    },
    // withTimeout's work callback with a smaller inner budget.
    {
      code: `
const config = await withTimeout(async (signal) => {
  const response = await withTimeout(fetch(configUrl, { signal }), 2000, 'fetch config');
  return response.json();
}, 5000, 'config');`,
    },
    // An immediately invoked async function inside a stage.
    {
      code: `
await withTimeout((async () => {
  await withTimeout(primary.connect(), 3000, 'primary.connect');
})(), 10_000, 'connect');`,
    },
    // Sibling stages are not nested.
    {
      code: `
await stage('data-layer', 20_000, async () => db.connect());
await stage('http', 20_000, async () => server.listen());`,
    },
    // A budget passed in as a parameter.
    {
      code: `
export function bounded(work, ms, step) {
  return stage(step, 30_000, () => withTimeout(work, ms, step));
}`,
    },
    // stage() calls of another shape are not the runtime's stage.
    {
      code: `
const build = pipeline.stage('build');
stage('lint');`,
    },
    // A helper function defined in a stage and called later.
    {
      code: `
await stage('data-layer', 1000, async () => {
  const reconnect = () => withTimeout(db.connect(), 5000, 'db.reconnect');
  db.on('error', reconnect);
});`,
    },
    // CommonJS with require.
    {
      code: `
const { stage, withTimeout } = require('eslint-plugin-lifeguard/runtime');

async function main() {
  await stage('queue', 10000, async () => {
    await withTimeout(amqp.connect(url), 5000, 'amqp.connect');
  });
}
main();`,
      ...espreeCommonJS,
    },
    // Budgets with no nesting at all.
    {
      code: `
await withTimeout(db.connect(), 30_000, 'db.connect');
await withTimeout(cache.connect(), 30_000, 'cache.connect');`,
      ...espreeModule,
    },
    // A let binding may change: not static.
    {
      code: `
let budget = 30_000;
if (process.env.CI) budget = 60_000;
await stage('data-layer', 20_000, async () => {
  await withTimeout(db.connect(), budget, 'db.connect');
});`,
    },
    // An unknown middle budget: the inner one is compared with the known outer one.
    {
      code: `
await stage('startup', 60_000, async () => {
  await stage('data-layer', config.dataLayerMs, async () => {
    await withTimeout(db.connect(), 5000, 'db.connect');
  });
});`,
    },
    // timeoutHelpers: a project's own helper.
    {
      code: `
await stage('search', 5000, async () => {
  await timeBox(elastic.ping(), 1000);
});`,
      options: [{"timeoutHelpers": ["timeBox"]}],
    },
    // A parsed budget is unknown (NaN only at run time).
    {
      code: `
await withTimeout(db.connect(), Number(process.env.DB_TIMEOUT_MS), 'db.connect');`,
    },
    // Budget arithmetic from consts.
    {
      code: `
const SECOND = 1000;
await stage('startup', 2 * 60 * SECOND, async () => {
  await withTimeout(db.connect(), 30 * SECOND, 'db.connect');
});`,
    },
    // Aliased runtime import.
    {
      code: `
import { withTimeout as bounded, stage } from 'eslint-plugin-lifeguard/runtime';

await stage('data', 10_000, () => bounded(db.connect(), 3000, 'db.connect'));`,
    },
    // NestJS onModuleInit with staged budgets.
    {
      code: `
@Injectable()
export class DatabaseService implements OnModuleInit {
  async onModuleInit() {
    await stage('database', 30_000, async () => {
      await withTimeout(this.dataSource.initialize(), 20_000, 'dataSource.initialize');
      await withTimeout(this.dataSource.runMigrations(), 25_000, 'runMigrations');
    });
  }
}`,
    },
  ],
  invalid: [
    // The step budget is larger than its stage.
    {
      code: `
import { stage, withTimeout } from 'eslint-plugin-lifeguard/runtime';

await stage('data-layer', 20000, async () => {
  await withTimeout(db.connect(), 30000, 'db.connect');
});`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 5, column: 35 },
      ],
    },
    // Equal budgets: the stage fires at the same moment and wins.
    {
      code: `
await stage('cache', 5000, async () => {
  await withTimeout(redis.connect(), 5000, 'redis.connect');
});`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 3, column: 38 },
      ],
    },
    // Const bindings and products.
    {
      code: `
const DATA_LAYER_MS = 20_000;
const DB_CONNECT_MS = 30 * 1000;

export async function bootstrap() {
  await stage('data-layer', DATA_LAYER_MS, async () => {
    await withTimeout(db.connect(), DB_CONNECT_MS, 'db.connect');
  });
}`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 7, column: 37 },
      ],
    },
    // A const object of budgets.
    {
      code: `
const TIMEOUTS = { dataLayer: 20_000, db: 25_000 };

await stage('data-layer', TIMEOUTS.dataLayer, async () => {
  await withTimeout(db.connect(), TIMEOUTS.db, 'db.connect');
});`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 5, column: 35 },
      ],
    },
    // Sequential steps each larger than the stage: dead budgets.
    {
      code: `
await stage('data-layer', 10_000, async () => {
  await withTimeout(db.connect(), 15_000, 'db.connect');
  await withTimeout(db.migrate(), 60_000, 'db.migrate');
});`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 3, column: 35 },
        { messageId: 'innerBudgetNotSmaller', line: 4, column: 35 },
      ],
    },
    // Through an immediately invoked async function.
    {
      code: `
await withTimeout((async () => {
  await withTimeout(primary.connect(), 10_000, 'primary.connect');
})(), 5000, 'connect');`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 3, column: 40 },
      ],
    },
    // Through withTimeout's work callback.
    {
      code: `
const config = await withTimeout(async (signal) => {
  const response = await fetch(configUrl, { signal });
  return withTimeout(response.json(), 8000, 'config body');
}, 5000, 'config');`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 4, column: 39 },
      ],
    },
    // p-timeout inside a stage.
    {
      code: `
import pTimeout from 'p-timeout';

await stage('cache', 5000, async () => {
  await pTimeout(redis.connect(), { milliseconds: 10_000 });
});`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 5, column: 51 },
      ],
    },
    // A deadline that outlives its stage.
    {
      code: `
await stage('wait-for-kafka', 10_000, async () => {
  const d = deadline(30_000, 'kafka ready');
  while (!(await kafkaReady())) {
    d.check();
    await sleep(500);
  }
});`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 3, column: 22 },
      ],
    },
    // Three levels: both inner levels are too large.
    {
      code: `
await stage('startup', 10_000, async () => {
  await stage('data-layer', 20_000, async () => {
    await withTimeout(db.connect(), 30_000, 'db.connect');
  });
});`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 3, column: 29 },
        { messageId: 'innerBudgetNotSmaller', line: 4, column: 37 },
      ],
    },
    // A zero budget fires at once.
    {
      code: `
await withTimeout(db.connect(), 0, 'db.connect');`,
      errors: [
        { messageId: 'invalidBudget', line: 2, column: 33 },
      ],
    },
    // A negative budget.
    {
      code: `
const BUDGET = -1;
await withTimeout(db.connect(), BUDGET, 'db.connect');`,
      errors: [
        { messageId: 'invalidBudget', line: 3, column: 33 },
      ],
    },
    // Infinity never fires.
    {
      code: `
await stage('startup', Infinity, async () => main());`,
      errors: [
        { messageId: 'invalidBudget', line: 2, column: 24 },
      ],
    },
    // NaN never fires.
    {
      code: `
await withTimeout(cache.connect(), NaN, 'cache.connect');`,
      errors: [
        { messageId: 'invalidBudget', line: 2, column: 36 },
      ],
    },
    // p-timeout with Number.POSITIVE_INFINITY.
    {
      code: `
import pTimeout from 'p-timeout';

await pTimeout(broker.connect(), { milliseconds: Number.POSITIVE_INFINITY });`,
      errors: [
        { messageId: 'invalidBudget', line: 4, column: 50 },
      ],
    },
    // CommonJS main() with require.
    {
      code: `
const { stage, withTimeout } = require('eslint-plugin-lifeguard/runtime');

async function main() {
  await stage('queue', 5000, async () => {
    await withTimeout(amqp.connect(url), 10000, 'amqp.connect');
  });
}
main();`,
      ...espreeCommonJS,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 6, column: 42 },
      ],
    },
    // An unknown middle budget: compared with the known outer one.
    {
      code: `
await stage('startup', 10_000, async () => {
  await stage('data-layer', config.dataLayerMs, async () => {
    await withTimeout(db.connect(), 15_000, 'db.connect');
  });
});`,
      ...espreeModule,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 4, column: 37 },
      ],
    },
    // timeoutHelpers: a project's own helper.
    {
      code: `
await stage('search', 5000, async () => {
  await timeBox(elastic.ping(), 6000);
});`,
      options: [{"timeoutHelpers": ["timeBox"]}],
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 3, column: 33 },
      ],
    },
    // NestJS onModuleInit with an oversized step.
    {
      code: `
@Injectable()
export class DatabaseService implements OnModuleInit {
  async onModuleInit() {
    await stage('database', 30_000, async () => {
      await withTimeout(this.dataSource.initialize(), 45_000, 'dataSource.initialize');
    });
  }
}`,
      errors: [
        { messageId: 'innerBudgetNotSmaller', line: 6, column: 55 },
      ],
    },
  ],
});
