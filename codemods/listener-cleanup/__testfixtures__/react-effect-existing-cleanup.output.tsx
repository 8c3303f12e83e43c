import { useEffect } from 'react';
import { socket } from './socket';

export function Chat({ room }: { room: string }) {
  useEffect(() => {
    const onMessage = (message: string) => console.log(room, message);
    socket.on('message', onMessage);
    const poll = setInterval(() => socket.emit('ping'), 5000);
    return () => {
      console.log('left', room);
      socket.off('message', onMessage);
      clearInterval(poll);
    };
  }, [room]);
  return null;
}
