import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StoreVerificationRuns, type StoreVerificationLine } from '../../application/audit/store-verification-runs';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblem, ApiProblems } from '../problem-details/api-problems.decorator';
import { STORE_VERIFICATION_LINES } from './store-verification.dto';

const LINE_MODELS = Object.values(STORE_VERIFICATION_LINES);

/**
 * The whole-store verification an auditor runs from the web app: every agreement's hash chain,
 * replay and actors' rights, and the directory's chains, reported as newline-delimited JSON while
 * the store is read. Refusals (403, 409) come before the first line, as problem documents; once
 * the 200 has begun, a store failure is the last line (`failed`). Closing the connection stops it.
 */
@ApiTags('audit')
@Controller('audit/store-verification')
export class StoreVerificationController {
  constructor(private readonly runs: StoreVerificationRuns) {}

  @Get()
  @ApiOperation({
    summary: 'Verify the whole event store, with progress (auditors and administrators; one at a time per process)',
    description:
      'Newline-delimited JSON, one object a line, by `kind`: `started` first; `broken` for each broken stream as it is found; `progress` at most every 250 ms and once at the end (`fraction` 1); last `done`, or `failed` when the store could not be read to the end. Closing the connection cancels the check. Each run is recorded in the audit log (`GET /audit/reads`, read `verify-store`, agreementId `*`).',
  })
  @ApiExtraModels(...LINE_MODELS)
  @ApiOkResponse({
    description: 'The report, streamed line by line',
    content: {
      'application/x-ndjson': {
        schema: {
          oneOf: LINE_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
          discriminator: {
            propertyName: 'kind',
            mapping: Object.fromEntries(Object.entries(STORE_VERIFICATION_LINES).map(([kind, model]) => [kind, getSchemaPath(model)])),
          },
        },
      },
    },
  })
  @ApiProblems(401, 403, 429, 503)
  @ApiProblem(
    409,
    'A whole-store verification is already running in this process (`type` `urn:sepakat:problem:store-verification-running`): `startedBy` started it at `startedAt`; try again when it has finished',
  )
  async verifyStore(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Fastify answers HEAD on every GET route: a HEAD says what the GET would send, and checks nothing.
    if (request.method === 'HEAD') {
      await reply.status(200).header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send();
      return;
    }
    // Refused here, before the 200 begins: the exception filter answers with a problem document.
    const run = this.runs.begin(actor);
    reply.hijack();
    const response = reply.raw;
    const gone = new AbortController();
    const onClose = () => gone.abort();
    // The response closes before it has finished only when the client went away (browser AbortController, a dropped socket).
    response.on('close', onClose);
    const write = (line: StoreVerificationLine) => {
      if (!response.headersSent) {
        response.writeHead(200, {
          'content-type': 'application/x-ndjson; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'x-accel-buffering': 'no',
        });
      }
      response.write(`${JSON.stringify(line)}\n`);
    };
    try {
      await run.execute(gone.signal, write);
    } finally {
      response.off('close', onClose);
      // Also after the client left: a half-closed socket is only released once the response ends.
      response.end();
    }
  }
}
