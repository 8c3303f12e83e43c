import { useEffect, useState } from 'react';
import { interval } from 'rxjs';
import { prices$ } from './prices';

export function Ticker() {
  const [price, setPrice] = useState(0);
  useEffect(() => {
    prices$.subscribe((next) => setPrice(next));
  }, []);
  return <b>{price}</b>;
}
