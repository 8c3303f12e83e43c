import { useEffect, useState } from 'react';
import { interval } from 'rxjs';
import { prices$ } from './prices';

export function Ticker() {
  const [price, setPrice] = useState(0);
  useEffect(() => {
    const subscription = prices$.subscribe((next) => setPrice(next));
    return () => {
      subscription.unsubscribe();
    };
  }, []);
  return <b>{price}</b>;
}
