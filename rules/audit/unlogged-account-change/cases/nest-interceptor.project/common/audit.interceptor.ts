import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, tap } from 'rxjs';

export const Audited = (action: string) => SetMetadata('audit:action', action);

// Writes the event named by @Audited around every handler of a controller that uses it.
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string>('audit:action', context.getHandler());
    return next.handle().pipe(tap({ next: () => action && console.info(JSON.stringify({ audit: true, action })) }));
  }
}
