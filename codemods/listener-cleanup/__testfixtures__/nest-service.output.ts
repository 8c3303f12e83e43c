import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

@Injectable()
export class AuditService {
  private readonly onUserCreated = (user: any) => this.audit(user);

  constructor(private readonly events: EventEmitter2) {
    this.events.on('user.created', this.onUserCreated);
  }

  audit(user: unknown): void {}

  onModuleDestroy(): void {
    this.events.off('user.created', this.onUserCreated);
  }
}
