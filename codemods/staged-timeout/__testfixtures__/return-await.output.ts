import mongoose from 'mongoose';
import { broker } from './broker.js';
import { withTimeout } from '../lifeguard-runtime.js';

export class Store {
  async init() {
    return await withTimeout(mongoose.connect(process.env.MONGO_URL!), 15000, 'mongoose.connect');
  }
}

export const start = async () => broker.connect();
