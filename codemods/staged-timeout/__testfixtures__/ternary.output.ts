import { primary, replica } from './db.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function init(readOnly: boolean) {
  await (readOnly ? withTimeout(replica.connect(), 15000, 'replica.connect') : withTimeout(primary.connect(), 15000, 'primary.connect'));
  const schema = readOnly ? null : await withTimeout(primary.loadSchema(), 15000, 'primary.loadSchema');
  return schema;
}
