import 'reflect-metadata';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { parseJsonBody, prototypeKeyProblems } from './api/http/json-body';
import { fieldProblemsDetail, problemDetails } from './api/problem-details/problem-details.filter';
import { createValidationPipe } from './api/validation/validation-options';
import { serveWebApp, WEB_PATHS, webContentSecurityPolicy } from './api/web/web-app';
import { AppModule, type AppOverrides } from './app.module';
import type { AppConfig, LogLevel } from './infrastructure/config/app-config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Routes that need no token and are not rate limited: probes, the API's description and its
 * problem types, how to sign in, and the web app's files. (The sign-in link exchange needs no token but stays rate limited.)
 */
const PUBLIC_PATHS = /^\/(health|metrics|problems|docs(-json|-yaml)?|auth\/config)(\/|\?|$)/;
const DOCS_PATH = /^\/docs(\/|\?|$)/;
/** JSON answers need nothing; the API explorer at /docs loads its own scripts and styles. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";
import { METRICS, type Metrics } from './application/ports/metrics.port';
import { TOKEN_VERIFIER, type TokenVerifier } from './application/ports/token-verifier.port';
import { createPino, JsonLogger } from './infrastructure/logging/json-logger';
import { requestIdOf, RequestScope } from './infrastructure/logging/request-scope';
import { HttpSpans } from './infrastructure/tracing/http-spans';

const DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Builds the HTTP application (not yet listening): used by `main.ts`, the e2e tests and the benchmarks. */
export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<NestFastifyApplication> {
  // JSON lines (pino) in production: Fastify's request lines and Nest's, each with the request's id.
  const pinoLogger = config.logFormat === 'json' ? createPino(config.logLevel, overrides.logDestination) : undefined;
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // The caller's X-Request-Id when it is a plain token, else a new UUID: returned, logged, and
    // recorded as the correlation id of the events the request appends.
    // (Fastify takes a number of hops too; the adapter's type leaves it out.)
    trustProxy: config.http.trustProxy as boolean | string | string[],
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdOf(request.headers['x-request-id']),
    ...(pinoLogger ? { loggerInstance: pinoLogger } : {}),
    // The router refuses some paths before any hook or route runs (a bad percent-encoding: 400; a
    // path segment over 100 characters: 414), and Fastify answered those in a JSON shape of its
    // own: they are problems like every other refusal. (This replaces Nest's handler, which only
    // adds the headers of `app.useSecurityHeaders()`, not used here.)
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400;
      void reply
        .status(status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(problemDetails(status, error.message));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, overrides), adapter, {
    logger: pinoLogger ? false : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    bufferLogs: pinoLogger !== undefined,
    abortOnError: false,
    // The JSON parser below is the only one: no urlencoded or text bodies reach a controller.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const requestScope = app.get(RequestScope);
  if (pinoLogger) app.useLogger(new JsonLogger(pinoLogger, requestScope));
  // First of all hooks: the rest of the request runs inside its scope (its id in every log line and event).
  // The request's span (README "Traces") is entered with it: a command's spans are its children.
  const httpSpans = new HttpSpans();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    httpSpans.start(request.raw, request.method, request.routeOptions.url, request.id, request.headers);
    httpSpans.enter(request.raw, () => requestScope.run(request.id, done));
  });
  // Again once the body is read: its socket callbacks run outside the scope entered above.
  fastify.addHook('preHandler', (request, _reply, done) => httpSpans.enter(request.raw, () => requestScope.run(request.id, done)));
  fastify.addHook('onResponse', async (request, reply) => httpSpans.end(request.raw, reply.statusCode));
  fastify.addHook('onRequestAbort', async (request) => httpSpans.end(request.raw, undefined));

  // Every answer is counted and timed by its route's pattern (never the raw path: ids and hostile
  // paths would make a series each), 'unmatched' for paths no route takes.
  const metrics = app.get<Metrics>(METRICS);
  const started = new WeakMap<object, bigint>();
  fastify.addHook('onRequest', async (request) => void started.set(request.raw, process.hrtime.bigint()));
  fastify.addHook('onResponse', async (request, reply) => {
    const since = started.get(request.raw);
    const seconds = since === undefined ? 0 : Number(process.hrtime.bigint() - since) / 1e9;
    metrics.httpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, seconds);
  });

  // Commands are JSON: any other body type is refused before parsing (415).
  fastify.removeAllContentTypeParsers();
  // Depth, widths and prototype keys are checked here, before class-transformer walks the body.
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: config.http.bodyLimitBytes }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const hasBody = request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0';
    const json = /^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '');
    if (BODY_METHODS.has(request.method) && (hasBody || request.headers['transfer-encoding']) && !json) {
      return reply
        .status(415)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(problemDetails(415, 'Send the body as application/json.'));
    }
    const prototypeKeys = prototypeKeyProblems(request.query as object);
    if (prototypeKeys.length > 0) {
      return reply
        .status(400)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send({ ...problemDetails(400, fieldProblemsDetail(prototypeKeys)), errors: prototypeKeys });
    }
    return undefined;
  });

  await app.register(helmet, { contentSecurityPolicy: false });
  const webCsp = webContentSecurityPolicy(config.auth.mode === 'oidc' ? config.auth.issuer : undefined);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('content-security-policy', DOCS_PATH.test(request.url) ? DOCS_CSP : WEB_PATHS.test(request.url) ? webCsp : API_CSP);
  });
  if (config.auth.rateLimitPerMinute > 0) {
    const verifier = app.get<TokenVerifier>(TOKEN_VERIFIER);
    await app.register(rateLimit, {
      max: config.auth.rateLimitPerMinute,
      timeWindow: '1 minute',
      // Per official once their token verifies (a ministry behind one NAT is many officials), per
      // client address before that (the address is the proxy's unless TRUST_PROXY names it).
      keyGenerator: async (request) => {
        const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        if (token) {
          try {
            return `sub:${(await verifier.verify(token)).id}`;
          } catch {
            // Not a valid token: counted against the address, and refused by the guard.
          }
        }
        return `ip:${request.ip}`;
      },
      allowList: (request) => PUBLIC_PATHS.test(request.url) || (request.method === 'GET' && WEB_PATHS.test(request.url)),
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s.`), { statusCode: 429 }),
    });
  }
  await serveWebApp(app);
  app.useGlobalPipes(createValidationPipe());
  const openApi = new DocumentBuilder()
    .setTitle('sepakat')
    .setDescription('Lifecycle of government agreements (Nota Kesepahaman, Perjanjian Kerja Sama): commands, replay, workflows')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
  return app;
}
