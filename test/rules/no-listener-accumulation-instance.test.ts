import rule from '../../rules/no-listener-accumulation.js';
import { espreeModule, ruleTester } from '../rule-tester.js';

// A listener added in a callback with a handler kept on the instance, removed with that same member
// elsewhere in the instance's code (when the next run starts), does not pile up.
ruleTester.run('no-listener-accumulation: instance-member handlers', rule, {
  valid: [
    {
      code: `
function Runner() {}
Runner.prototype.onLateError = function onLateError(err) { throw err; };
Runner.prototype.run = function run(fn) {
  var self = this;
  process.removeListener('uncaughtException', self.onLateError);
  this.on('end', function () {
    process.on('uncaughtException', self.onLateError);
  });
  fn();
};`,
      ...espreeModule,
    },
    `
class Runner extends EventEmitter {
  onLateError = (err: Error) => { throw err; };
  run() {
    process.removeListener('uncaughtException', this.onLateError);
    this.on('end', () => {
      process.on('uncaughtException', this.onLateError);
    });
  }
}`,
  ],
  invalid: [
    // Control: nothing removes the member handler, so every 'end' adds one more.
    {
      code: `
function Runner() {}
Runner.prototype.onLateError = function onLateError(err) { throw err; };
Runner.prototype.run = function run(fn) {
  var self = this;
  this.on('end', function () {
    process.on('uncaughtException', self.onLateError);
  });
  fn();
};`,
      ...espreeModule,
      errors: [{ messageId: 'accumulatingListener', line: 7, column: 5 }],
    },
  ],
});
