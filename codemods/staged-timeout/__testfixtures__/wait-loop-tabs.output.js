const { setTimeout: pause } = require('node:timers/promises');
const { deadline } = require('../lifeguard-runtime.js');

module.exports = async function waitForQueue(queue) {
	const waitDeadline = deadline(15000, 'waitForQueue');
	while (queue.size > 0) { waitDeadline.check(); await pause(50); }
};
