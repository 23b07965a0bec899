import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'sepakat:public';

/**
 * Marks a route that needs no token: `/health`, `/metrics`, `/docs` (the HTTP contract), and what
 * a browser must reach before it holds one (`GET /auth/config`, `POST /auth/sign-in-links/exchange`).
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
