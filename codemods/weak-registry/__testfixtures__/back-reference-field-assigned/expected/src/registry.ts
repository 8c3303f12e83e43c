import type { Tab } from './tab.js';

export const tabs: Tab[] = [];
