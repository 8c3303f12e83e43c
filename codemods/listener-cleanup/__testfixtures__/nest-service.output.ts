import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

@Injectable()
export class AuditService {
  constructor(private readonly events: EventEmitter2) {
    this.events.on('user.created', (user) => this.audit(user));
  }

  audit(user: unknown): void {}
}
