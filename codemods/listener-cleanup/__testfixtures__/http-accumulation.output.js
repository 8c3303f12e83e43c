const http = require('node:http');
const { bus } = require('./bus');

http.createServer((req, res) => {
  const onUpdate = (update) => res.write(JSON.stringify(update));
  bus.on('update', onUpdate);
  res.once('close', () => bus.off('update', onUpdate));
  const timer = setInterval(() => res.write(':keepalive\n'), 15000);
  req.on('close', () => clearInterval(timer));
}).listen(3000);
