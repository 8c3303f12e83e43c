const { Server } = require('socket.io');
const { clock } = require('./clock');

const io = new Server(3000);

function start() {
  io.on('connection', (socket) => {
    const onTick = (time) => socket.emit('tick', time);
    clock.on('tick', onTick);
    socket.once('disconnect', () => clock.off('tick', onTick));
  });
}

start();
