import express from 'express';
import { feed } from './feed.js';

const app = express();

app.get('/events', (req, res) => {
  res.setHeader('Content-Type', 'text/event-stream');
  feed.on('item', (item) => {
    res.write(`data: ${JSON.stringify(item)}\n\n`);
  });
  setInterval(() => res.write(':ping\n\n'), 20000);
});

app.listen(3000);
