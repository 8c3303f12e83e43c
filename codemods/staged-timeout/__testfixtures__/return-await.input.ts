import mongoose from 'mongoose';
import { broker } from './broker.js';

export class Store {
  async init() {
    return await mongoose.connect(process.env.MONGO_URL!);
  }
}

export const start = async () => broker.connect();
