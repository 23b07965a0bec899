import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'sepakat:public';

/** Marks a route that needs no token (`/health`, `/metrics`, `/docs` only, per the HTTP contract). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
