const http = require('node:http');
const { bus } = require('./bus');

http.createServer((req, res) => {
  bus.on('update', (update) => res.write(JSON.stringify(update)));
  const timer = setInterval(() => res.write(':keepalive\n'), 15000);
  req.on('close', () => clearInterval(timer));
}).listen(3000);
