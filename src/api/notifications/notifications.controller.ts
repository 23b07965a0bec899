import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NotificationSettings } from '../../application/notifications/notification-settings';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import {
  CreatedWebhookDto,
  DeliveriesQueryDto,
  DeliveryViewDto,
  EmailRecipientDto,
  EmailRecipientViewDto,
  WebhookDto,
  WebhookViewDto,
} from './notifications.dto';

/**
 * An agency's notifications: its webhooks and email recipients, kept by its COORDINATOR or an
 * ADMIN (auditors read), and every delivery made to them, pending, delivered or dead.
 */
@ApiTags('notifications')
@Controller('agencies/:agencyId')
export class NotificationsController {
  constructor(private readonly notifications: NotificationSettings) {}

  @Post('webhooks')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Add a webhook: the agency’s agreements’ events of the given types are POSTed to it, signed (COORDINATOR of the agency, ADMIN)',
  })
  @ApiCreatedResponse({
    type: CreatedWebhookDto,
    headers: { Location: { description: '`/agencies/:agencyId/webhooks/:id`', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 413, 415, 422, 429, 503)
  async addWebhook(
    @CurrentActor() actor: Actor,
    @Param('agencyId') agencyId: string,
    @Body() body: WebhookDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const webhook = await this.notifications.addWebhook(actor, agencyId, {
      url: body.url,
      eventTypes: body.eventTypes,
      ...(body.description === undefined ? {} : { description: body.description }),
    });
    void reply.header('location', `/agencies/${agencyId}/webhooks/${webhook.id}`);
    return webhook;
  }

  @Get('webhooks')
  @ApiOperation({ summary: 'The agency’s webhooks (their secrets are never shown again)' })
  @ApiOkResponse({ type: WebhookViewDto, isArray: true })
  @ApiProblems(400, 401, 403, 429, 503)
  webhooks(@CurrentActor() actor: Actor, @Param('agencyId') agencyId: string) {
    return this.notifications.webhooks(actor, agencyId);
  }

  @Get('webhooks/:id')
  @ApiOperation({ summary: 'One webhook of the agency' })
  @ApiOkResponse({ type: WebhookViewDto })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  webhook(@CurrentActor() actor: Actor, @Param('agencyId') agencyId: string, @Param('id') id: string) {
    return this.notifications.webhook(actor, agencyId, id);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a webhook: what it was still owed is cancelled (COORDINATOR of the agency, ADMIN)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async removeWebhook(@CurrentActor() actor: Actor, @Param('agencyId') agencyId: string, @Param('id') id: string): Promise<void> {
    await this.notifications.removeWebhook(actor, agencyId, id);
  }

  @Post('email-recipients')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Add an official to write to (Bahasa Indonesia) when a step awaits one of their roles, a deadline approaches (coordinators) or a step is overdue (COORDINATOR of the agency, ADMIN)',
  })
  @ApiCreatedResponse({ type: EmailRecipientViewDto })
  @ApiProblems(400, 401, 403, 413, 415, 422, 429, 503)
  addRecipient(@CurrentActor() actor: Actor, @Param('agencyId') agencyId: string, @Body() body: EmailRecipientDto) {
    return this.notifications.addRecipient(actor, agencyId, { address: body.address, name: body.name, roles: body.roles });
  }

  @Get('email-recipients')
  @ApiOperation({ summary: 'The agency’s email recipients' })
  @ApiOkResponse({ type: EmailRecipientViewDto, isArray: true })
  @ApiProblems(400, 401, 403, 429, 503)
  recipients(@CurrentActor() actor: Actor, @Param('agencyId') agencyId: string) {
    return this.notifications.recipients(actor, agencyId);
  }

  @Delete('email-recipients/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an email recipient: what they were still owed is cancelled (COORDINATOR of the agency, ADMIN)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async removeRecipient(@CurrentActor() actor: Actor, @Param('agencyId') agencyId: string, @Param('id') id: string): Promise<void> {
    await this.notifications.removeRecipient(actor, agencyId, id);
  }

  @Get('deliveries')
  @ApiOperation({
    summary:
      'The deliveries to the agency’s webhooks and recipients, newest first: pending (with the next attempt), delivered, dead, cancelled',
  })
  @ApiOkResponse({
    type: DeliveryViewDto,
    isArray: true,
    headers: { Link: { description: '`<…&after=…>; rel="next"` while there are more', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 429, 503)
  async deliveries(
    @CurrentActor() actor: Actor,
    @Param('agencyId') agencyId: string,
    @Query() query: DeliveriesQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const filter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.targetId ? { targetId: query.targetId } : {}),
    };
    const page = await this.notifications.deliveries(actor, agencyId, filter, {
      limit: query.limit,
      ...(query.after ? { after: query.after } : {}),
    });
    if (page.next !== undefined) {
      const params = new URLSearchParams({ ...filter, limit: String(query.limit), after: page.next });
      reply.header('link', `</agencies/${agencyId}/deliveries?${params.toString()}>; rel="next"`);
    }
    return page.items;
  }

  @Get('deliveries/:id')
  @ApiOperation({ summary: 'One delivery and where its sending stands' })
  @ApiOkResponse({ type: DeliveryViewDto })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  delivery(@CurrentActor() actor: Actor, @Param('agencyId') agencyId: string, @Param('id') id: string) {
    return this.notifications.delivery(actor, agencyId, id);
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dead letter again, due at once, its attempts counted afresh (COORDINATOR of the agency, ADMIN)' })
  @ApiOkResponse({ type: DeliveryViewDto })
  @ApiProblems(400, 401, 403, 404, 422, 429, 503)
  redeliver(@CurrentActor() actor: Actor, @Param('agencyId') agencyId: string, @Param('id') id: string) {
    return this.notifications.redeliver(actor, agencyId, id);
  }
}
