import { primary, replica } from './db.js';

export async function init(readOnly: boolean) {
  await (readOnly ? replica.connect() : primary.connect());
  const schema = readOnly ? null : await primary.loadSchema();
  return schema;
}
