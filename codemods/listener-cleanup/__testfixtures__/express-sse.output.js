import express from 'express';
import { feed } from './feed.js';

const app = express();

app.get('/events', (req, res) => {
  res.setHeader('Content-Type', 'text/event-stream');
  const onItem = (item) => {
    res.write(`data: ${JSON.stringify(item)}\n\n`);
  };
  feed.on('item', onItem);
  res.once('close', () => feed.off('item', onItem));
  const interval = setInterval(() => res.write(':ping\n\n'), 20000);
  res.once('close', () => clearInterval(interval));
});

app.listen(3000);
