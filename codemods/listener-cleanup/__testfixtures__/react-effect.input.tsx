import { useEffect, useState } from 'react';

export function WindowSize() {
  const [width, setWidth] = useState(window.innerWidth);
  useEffect(() => {
    window.addEventListener('resize', () => setWidth(window.innerWidth));
  }, []);
  return <span>{width}</span>;
}
