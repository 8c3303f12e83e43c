import { useLayoutEffect, useRef } from 'react';

export function Sticky() {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const onScroll = () => ref.current?.classList.toggle('stuck', window.scrollY > 0);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      console.log('unmounted');
      window.removeEventListener('scroll', onScroll);
    };
  }, []);
  return <div ref={ref} />;
}
