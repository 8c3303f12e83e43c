const { Server } = require('socket.io');
const { clock } = require('./clock');

const io = new Server(3000);

function start() {
  io.on('connection', (socket) => {
    clock.on('tick', (time) => socket.emit('tick', time));
  });
}

start();
