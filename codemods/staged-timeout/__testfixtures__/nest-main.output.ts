import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { stage } from '../lifeguard-runtime.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  app.enableShutdownHooks();
  await stage('startup', 30000, () => app.init());
  await app.listen(process.env.PORT ?? 3000);
}

bootstrap();
