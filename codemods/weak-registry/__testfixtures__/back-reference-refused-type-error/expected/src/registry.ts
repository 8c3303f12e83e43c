import type { Job } from './job.js';

export const jobs = new Map<string, Job>();
