import type { Player } from './player.js';

export const playersById = new Map<string, Player>();
