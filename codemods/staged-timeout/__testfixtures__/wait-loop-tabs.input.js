const { setTimeout: pause } = require('node:timers/promises');

module.exports = async function waitForQueue(queue) {
	while (queue.size > 0) { await pause(50); }
};
