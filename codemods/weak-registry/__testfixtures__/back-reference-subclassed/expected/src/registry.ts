import type { Task } from './task.js';

export const tasks = new Set<Task>();
